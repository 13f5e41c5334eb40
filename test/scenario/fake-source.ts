// Test doubles for scenario rendering: a KeywordSource with SIPp-like values and a tiny SipMessage.
import { readFileSync } from 'node:fs';
import type { KeywordSource } from '../../src/scenario/index.ts';
import type { SipMessage } from '../../src/sip/message.ts';

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

const COMPACT: Record<string, string> = {
  'call-id': 'i',
  contact: 'm',
  'content-encoding': 'e',
  'content-length': 'l',
  'content-type': 'c',
  from: 'f',
  to: 't',
  via: 'v',
  subject: 's',
  supported: 'k',
};

/** Just enough of SipMessage for keyword tests: header lines of a CRLF message. */
export function fakeMessage(raw: Buffer | string): SipMessage {
  const buf = typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw;
  const text = buf.toString('latin1');
  const head = text.slice(0, text.indexOf('\r\n\r\n'));
  const lines = head.split('\r\n');
  const startLine = lines[0];
  const headers = lines.slice(1).map((l) => {
    const colon = l.indexOf(':');
    return { name: l.slice(0, colon).trim(), value: l.slice(colon + 1).trim() };
  });
  const matches = (name: string) => {
    const want = name.toLowerCase();
    return headers.filter((h) => {
      const got = h.name.toLowerCase();
      return got === want || got === COMPACT[want] || COMPACT[got] === want;
    });
  };
  const isRequest = !startLine.startsWith('SIP/2.0');
  const cseq = matches('CSeq')[0]?.value ?? '';
  return {
    raw: buf,
    isRequest,
    method: isRequest ? startLine.split(' ')[0] : '',
    statusCode: isRequest ? 0 : Number(startLine.split(' ')[1]),
    requestUri: isRequest ? startLine.split(' ')[1] : '',
    startLine,
    callId: () => matches('Call-ID')[0]?.value ?? '',
    cseqNumber: () => (cseq === '' ? NaN : parseInt(cseq, 10)),
    cseqMethod: () => cseq.split(/\s+/)[1] ?? '',
    viaBranch: () => /branch=([^;\s]+)/.exec(matches('Via')[0]?.value ?? '')?.[1] ?? '',
    toTag: () => /tag=([^;\s]+)/.exec(matches('To')[0]?.value ?? '')?.[1] ?? '',
    hasTo: () => matches('To').length > 0,
    fromTag: () => /tag=([^;\s]+)/.exec(matches('From')[0]?.value ?? '')?.[1] ?? '',
    header: (name) => matches(name)[0]?.value,
    headerValues: (name) => matches(name).map((h) => h.value),
    headerLine: (name) => {
      const found = matches(name);
      return found.length === 0
        ? undefined
        : `${found[0].name}: ${found.map((h) => h.value).join(', ')}`;
    },
    // Always the string path: the parser's own tests cover spans.
    headerLineSpan: () => -1,
    body: () => buf.subarray(text.indexOf('\r\n\r\n') + 4),
  };
}

/** The values SIPp had in the captured fixture runs (uac side unless overridden). */
export function fakeSource(overrides: Partial<KeywordSource> = {}): KeywordSource {
  return {
    service: 'service',
    remoteIp: '127.0.0.1',
    remoteHost: '127.0.0.1',
    remotePort: 5099,
    localIp: '127.0.0.1',
    localIpType: 4,
    localPort: 5098,
    transport: 'UDP',
    mediaIp: '127.0.0.1',
    mediaIpType: 4,
    mediaPort: 6008,
    pid: 4941,
    engineId: '4941',
    userKeywords: {},
    callNumber: 1,
    callId: '1-4941@127.0.0.1',
    cseq: 1,
    msgIndex: 0,
    peerTag: '',
    routes: '',
    nextUrl: '',
    lastMessage: null,
    clockTick: () => 1234,
    variable: () => '',
    ...overrides,
  };
}

/** A uas-side source as in the fixture run (pid 4923, port 5099, media 6004). */
export function fakeUasSource(overrides: Partial<KeywordSource> = {}): KeywordSource {
  return fakeSource({
    pid: 4923,
    engineId: '4923',
    localPort: 5099,
    remotePort: 5098,
    mediaPort: 6004,
    callId: '1-4941@127.0.0.1',
    ...overrides,
  });
}
