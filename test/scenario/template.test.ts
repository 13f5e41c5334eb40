// compileTemplate / renderTemplate: SIPp's clean_cdata rules, [len], offsets, line swallowing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compileKeywordText,
  compileTemplate,
  renderTemplate,
  type KeywordSource,
} from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource } from './fake-source.ts';

function render(cdata: string, src: Partial<KeywordSource> = {}, userKeywords?: string[]): string {
  const t = compileTemplate(cdata, { userKeywords: new Set(userKeywords ?? []) });
  return renderTemplate(t, fakeSource(src)).toString('latin1');
}

test('clean_cdata: trims, strips line indentation, CRLF line ends, end of headers appended', () => {
  assert.equal(
    render('\n\n    OPTIONS sip:x SIP/2.0  \n  Max-Forwards: 70\t\n   \n'),
    'OPTIONS sip:x SIP/2.0\r\nMax-Forwards: 70\r\n\r\n',
  );
});

test('clean_cdata: space/tab passes run in SIPp order (output checked against sipp 3.6.1)', () => {
  // SIPp strips leading spaces, trailing spaces, leading tabs, then trailing tabs, one pass each.
  const cdata =
    '\n\n   OPTIONS sip:x SIP/2.0\n\t  A: tab-space\n  \t B: space-tab-space\n \t\tC: sp-tab-tab\n' +
    'D: trail-tab-space\t \nE: trail-space-tab \t\nContent-Length: [len]\n\nbody\n\n';
  assert.equal(
    render(cdata),
    'OPTIONS sip:x SIP/2.0\r\n  A: tab-space\r\n B: space-tab-space\r\nC: sp-tab-tab\r\n' +
      'D: trail-tab-space\r\nE: trail-space-tab \r\nContent-Length:     6\r\n\r\nbody\r\n',
  );
});

test('clean_cdata: a body keeps one final CRLF only when the CDATA ended with a newline', () => {
  assert.equal(
    render('INVITE sip:x SIP/2.0\nContent-Length: [len]\n\nv=0\n\n\n  '),
    'INVITE sip:x SIP/2.0\r\nContent-Length:     5\r\n\r\nv=0\r\n',
  );
  assert.equal(
    render('INVITE sip:x SIP/2.0\nContent-Length: [len]\n\nv=0'),
    'INVITE sip:x SIP/2.0\r\nContent-Length:     3\r\n\r\nv=0',
  );
});

test('first line: method or status code', () => {
  const req = compileTemplate('  REGISTER sip:[remote_ip] SIP/2.0\n');
  assert.deepEqual(
    [req.isRequest, req.method, req.statusCode, req.firstLine],
    [true, 'REGISTER', 0, 'REGISTER sip:[remote_ip] SIP/2.0'],
  );
  const resp = compileTemplate('SIP/2.0 486 Busy Here\n[last_Via:]\n');
  assert.deepEqual([resp.isRequest, resp.method, resp.statusCode], [false, '', 486]);
});

test('[len]: %5u of the bytes after the first CRLFCRLF, 0 without body, [len+N] adds N', () => {
  assert.equal(
    render('BYE sip:x SIP/2.0\nContent-Length: [len]\n'),
    'BYE sip:x SIP/2.0\r\nContent-Length:     0\r\n\r\n',
  );
  const body = 'x'.repeat(129);
  assert.equal(
    render(`INVITE sip:x SIP/2.0\nContent-Length: [len]\n\n${body}\n`),
    `INVITE sip:x SIP/2.0\r\nContent-Length:   131\r\n\r\n${body}\r\n`,
  );
  assert.equal(
    render('INVITE sip:x SIP/2.0\nContent-Length: [len+3]\n\nabc\n'),
    'INVITE sip:x SIP/2.0\r\nContent-Length:     8\r\n\r\nabc\r\n',
  );
  // SIPp ignores the offset when there is no body.
  assert.equal(
    render('BYE sip:x SIP/2.0\nContent-Length:[len+3]\n'),
    'BYE sip:x SIP/2.0\r\nContent-Length:    0\r\n\r\n',
  );
  const big = 'y'.repeat(100_000);
  assert.match(
    render(`INFO sip:x SIP/2.0\nL: [len]\n\n${big}`),
    /^INFO sip:x SIP\/2.0\r\nL: 100000\r\n\r\ny/,
  );
});

test('several [len]: each is five blanks, only the last is filled, with its own offset', () => {
  // Seen on sipp 3.6.1 (-trace_msg): the earlier [len+N] stays blank, wherever it is.
  const body = 'hello=1\n';
  assert.equal(
    render(`OPTIONS sip:x SIP/2.0\nX-A: [len+5]\nContent-Length: [len]\n\n${body}`),
    'OPTIONS sip:x SIP/2.0\r\nX-A:      \r\nContent-Length:     9\r\n\r\nhello=1\r\n',
  );
  assert.equal(
    render(`OPTIONS sip:x SIP/2.0\nContent-Length: [len]\nX-B: [len+5]\n\n${body}`),
    'OPTIONS sip:x SIP/2.0\r\nContent-Length:      \r\nX-B:    14\r\n\r\nhello=1\r\n',
  );
  assert.equal(
    render(`OPTIONS sip:x SIP/2.0\nX-C: [len-2]\nContent-Length: [len+3]\n\n${body}`),
    'OPTIONS sip:x SIP/2.0\r\nX-C:      \r\nContent-Length:    12\r\n\r\nhello=1\r\n',
  );
  // A [len] in the body is the last one: it counts its own five characters.
  assert.equal(
    render('OPTIONS sip:x SIP/2.0\nContent-Length: [len]\n\nabc [len] def\n'),
    'OPTIONS sip:x SIP/2.0\r\nContent-Length:      \r\n\r\nabc    15 def\r\n',
  );
});

test('numeric offsets: [cseq+1], [branch-1], ports, [last_cseq_number+1]', () => {
  const src = {
    cseq: 7,
    msgIndex: 5,
    pid: 42,
    engineId: '42',
    callNumber: 3,
    lastMessage: fakeMessage('BYE x SIP/2.0\r\nCSeq: 12 BYE\r\n\r\n'),
  };
  assert.equal(
    render('ACK sip:x SIP/2.0\nA: [cseq+1] [cseq-2] [cseq]\nB: [branch-1] [branch]\n', src),
    'ACK sip:x SIP/2.0\r\nA: 8 5 7\r\nB: z9hG4bK-42-3-4 z9hG4bK-42-3-5\r\n\r\n',
  );
  assert.equal(
    render(
      'ACK sip:x SIP/2.0\nP: [remote_port+1] [local_port-1]\nC: [last_cseq_number+1]\n\nm=audio [media_port+2] RTP\n',
      src,
    ),
    'ACK sip:x SIP/2.0\r\nP: 5100 5097\r\nC: 13\r\n\r\nm=audio 6010 RTP\r\n',
  );
  assert.equal(
    render('ACK sip:x SIP/2.0\nC: [last_cseq_number]\n'),
    'ACK sip:x SIP/2.0\r\nC: 0\r\n\r\n',
  );
});

test('line swallow: an absent [last_X:] at line start leaves no empty header line', () => {
  const last = fakeMessage(
    'INVITE sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=b1\r\nv: SIP/2.0/UDP g\r\nCall-ID: c1\r\n\r\n',
  );
  const out = render('SIP/2.0 200 OK\n[last_Via:]\n[last_Record-Route:]\n[last_Call-ID:]\nX: 1\n', {
    lastMessage: last,
  });
  assert.equal(
    out,
    'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=b1, SIP/2.0/UDP g\r\nCall-ID: c1\r\nX: 1\r\n\r\n',
  );
  // SIPp 3.6.1 swallows only the whitespace that follows: the rest of the line stays.
  assert.equal(
    render('SIP/2.0 200 OK\n[last_To:];tag=x\nX: 1\n', { lastMessage: last }),
    'SIP/2.0 200 OK\r\n;tag=x\r\nX: 1\r\n\r\n',
  );
  // Not at line start: nothing is swallowed.
  assert.equal(
    render('SIP/2.0 200 OK\nA: [last_To:]\nX: 1\n', { lastMessage: last }),
    'SIP/2.0 200 OK\r\nA: \r\nX: 1\r\n\r\n',
  );
  // No message received yet behaves like an absent header.
  assert.equal(render('SIP/2.0 200 OK\n[last_Via]\nX: 1\n'), 'SIP/2.0 200 OK\r\nX: 1\r\n\r\n');
});

test('[routes]: Route header when a route set exists, else its line disappears', () => {
  assert.equal(
    render('BYE sip:x SIP/2.0\n[routes]\nX: 1\n', { routes: '<sip:p1;lr>' }),
    'BYE sip:x SIP/2.0\r\nRoute: <sip:p1;lr>\r\nX: 1\r\n\r\n',
  );
  assert.equal(render('BYE sip:x SIP/2.0\n[routes]\nX: 1\n'), 'BYE sip:x SIP/2.0\r\nX: 1\r\n\r\n');
});

test('[$var]: value; empty or newline-terminated values swallow the following line break', () => {
  const vars: Record<string, string> = { hdr: 'X-A: 1\r\n', v: 'abc' };
  const variable = (name: string) => vars[name] ?? '';
  assert.equal(
    render('INFO sip:x SIP/2.0\n[$hdr]\nX: [$v]\n', { variable }),
    'INFO sip:x SIP/2.0\r\nX-A: 1\r\nX: abc\r\n\r\n',
  );
  assert.equal(
    render('INFO sip:x SIP/2.0\n[$none]\nX: 1\n', { variable }),
    'INFO sip:x SIP/2.0\r\nX: 1\r\n\r\n',
  );
  // [last_message] is not a swallowing keyword.
  assert.equal(
    render('INFO sip:x SIP/2.0\n[last_message]\nX: 1\n'),
    'INFO sip:x SIP/2.0\r\n\r\nX: 1\r\n\r\n',
  );
});

test('\\xHH emits raw bytes; a literal [ needs \\x5b', () => {
  assert.equal(
    render('MESSAGE sip:x SIP/2.0\nX: \\x5b::1\\x5D \\xff\n'),
    'MESSAGE sip:x SIP/2.0\r\nX: [::1] \xff\r\n\r\n',
  );
});

test('address keywords: local_ip and remote_ip bracket IPv6, media_ip does not (as SIPp)', () => {
  const src = {
    remoteIp: '2001:db8::1',
    localIp: '::1',
    mediaIp: 'fe80::2',
    localIpType: 6,
    mediaIpType: 6,
    remoteHost: 'pbx.example',
    transport: 'TCP',
  };
  assert.equal(
    render(
      'OPTIONS sip:[remote_ip] SIP/2.0\nV: [local_ip] [local_ip_type] [media_ip] [media_ip_type]\nH: [remote_host] [transport]\n',
      src,
    ),
    'OPTIONS sip:[2001:db8::1] SIP/2.0\r\nV: [::1] 6 fe80::2 6\r\nH: pbx.example TCP\r\n\r\n',
  );
});

test('call keywords: call_number, call_id, pid, msg_index, peer_tag_param, next_url, clock_tick', () => {
  const src = {
    callNumber: 9,
    callId: 'cid@h',
    pid: 77,
    msgIndex: 4,
    peerTag: 'abc',
    nextUrl: 'sip:b@h',
    clockTick: () => 5555,
  };
  assert.equal(
    render(
      'BYE [next_url] SIP/2.0\nT: <sip:b>[peer_tag_param]\nI: [call_number] [call_id] [pid] [msg_index] [clock_tick]\n',
      src,
    ),
    'BYE sip:b@h SIP/2.0\r\nT: <sip:b>;tag=abc\r\nI: 9 cid@h 77 4 5555\r\n\r\n',
  );
  assert.equal(
    render('ACK sip:x SIP/2.0\nT: <sip:b>[peer_tag_param]\n'),
    'ACK sip:x SIP/2.0\r\nT: <sip:b>\r\n\r\n',
  );
});

test('[auto_media_port]: media_port + 4 × ((call − 1) mod 2500) blocks', () => {
  assert.equal(
    render('INVITE sip:x SIP/2.0\n\nm=audio [auto_media_port] RTP\n', {
      mediaPort: 6000,
      callNumber: 3,
    }),
    'INVITE sip:x SIP/2.0\r\n\r\nm=audio 6008 RTP\r\n',
  );
  assert.equal(
    render('INVITE sip:x SIP/2.0\n\nm=video [auto_media_port+2] RTP\n', {
      mediaPort: 6000,
      callNumber: 2501,
    }),
    'INVITE sip:x SIP/2.0\r\n\r\nm=video 6002 RTP\r\n',
  );
});

test('received keywords: [last_Request_URI], [last_message]', () => {
  const raw = 'INVITE sip:a SIP/2.0\r\nTo: "B" <sip:bob@h:5060>;tag=1\r\n\r\n';
  const lastMessage = fakeMessage(raw);
  assert.equal(
    render('ACK [last_Request_URI] SIP/2.0\n', { lastMessage }),
    'ACK sip:bob@h:5060 SIP/2.0\r\n\r\n',
  );
  assert.equal(render('ACK [last_Request_URI]x SIP/2.0\n'), 'ACK x SIP/2.0\r\n\r\n');
  assert.equal(
    render('MESSAGE sip:x SIP/2.0\n\n[last_message]', { lastMessage }),
    `MESSAGE sip:x SIP/2.0\r\n\r\n${raw}`,
  );
});

test('-key keywords, [sipp_version], [service], [date], [timestamp]', () => {
  assert.equal(
    render(
      'OPTIONS sip:[service]@[tenant] SIP/2.0\nV: [sipp_version]\n',
      { userKeywords: { tenant: 'acme' } },
      ['tenant'],
    ),
    'OPTIONS sip:service@acme SIP/2.0\r\nV: 3.6.1\r\n\r\n',
  );
  const dated = render('OPTIONS sip:x SIP/2.0\nDate: [date]\nT: [timestamp]\n');
  assert.match(
    dated,
    /\r\nDate: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT\r\n/,
  );
  assert.match(dated, /\r\nT: \d{4}-\d\d-\d\d\t\d\d:\d\d:\d\d\.\d{6}\t\d+\.\d{6}\r\n/);
});

test('binary strings pass through; Unicode template text is UTF-8 encoded', () => {
  const t = compileTemplate('MESSAGE sip:x SIP/2.0\n\ncaf\u00e9 \u20ac\n');
  assert.ok(
    renderTemplate(t, fakeSource()).equals(
      Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\ncaf\u00e9 \u20ac\r\n', 'utf8'),
    ),
  );
  const latin = compileTemplate('MESSAGE sip:x SIP/2.0\n\ncaf\u00e9\n');
  assert.ok(
    renderTemplate(latin, fakeSource()).equals(
      Buffer.from('MESSAGE sip:x SIP/2.0\r\n\r\ncaf\xe9\r\n', 'latin1'),
    ),
  );
});

test('compiled slots record name, offset, params and line start', () => {
  const t = compileTemplate('INVITE sip:x SIP/2.0\n[last_Via:]\nCSeq: [cseq+2] INVITE\n');
  const slots = t.parts.filter((p) => !(p instanceof Uint8Array));
  assert.deepEqual(
    slots.map((s) => 'name' in s && [s.name, s.offset, s.atLineStart, s.isLen]),
    [
      ['last_Via:', 0, true, false],
      ['cseq', 2, false, false],
    ],
  );
  assert.equal(t.parts.length, 5);
});

test('compileKeywordText: action texts keep their spaces, no first-line rule, \\n still becomes CRLF', () => {
  const t = compileKeywordText('  call [call_id] cseq [cseq+1]\nnext', { element: 'log' });
  assert.equal(
    renderTemplate(t, fakeSource({ cseq: 4 })).toString('latin1'),
    '  call 1-4941@127.0.0.1 cseq 5\r\nnext',
  );
  assert.equal(t.firstLine, '');
  assert.throws(
    () =>
      compileKeywordText('x [nope]', {
        element: 'log',
        origin: { file: 'a.xml', line: 7, column: 9 },
      }),
    /^ScenarioError: a\.xml:7:11 <log>: unknown keyword \[nope\]/,
  );
});

test('a [ followed by another [ before any ]: text moves behind the keyword, as sipp 3.6.1', () => {
  // Checked against sipp 3.6.1's wire output: the text from the first [ up to the second is
  // printed from SIPp's keyword buffer (so the tail of the previous keyword shows through) and
  // lands after the keyword's value; across lines it keeps a bare LF.
  assert.equal(
    render('OPTIONS sip:x SIP/2.0\nI: [call_id]\nX: a[b [call_number] c\n', {
      callId: 'c',
      callNumber: 1,
    }),
    'OPTIONS sip:x SIP/2.0\r\nI: c\r\nX: a1[b l_id c\r\n\r\n',
  );
  assert.equal(
    render('INVITE sip:x SIP/2.0\nC: 1 INV[ITE\n   M: sip:u@[call_number]:5\nL: 0\n', {
      callNumber: 7,
    }),
    'INVITE sip:x SIP/2.0\r\nC: 1 INV7[ITE\nM: sip:u@:5\r\nL: 0\r\n\r\n',
  );
  assert.throws(
    () => compileTemplate('INVITE sip:x SIP/2.0\nC: a[b\nD: c[d\n'),
    /unterminated keyword "\[b"/,
  );
});

test('[rtpstream_audio_port], [rtpstream_video_port]: the media port on any line, offset ignored', () => {
  // sipp 3.6.1 with -mp 7000 sends 7000 for each, in a header too, and for a +1.
  assert.equal(
    render(
      'INVITE sip:x SIP/2.0\nX: [rtpstream_video_port+2]\n\nm=audio [rtpstream_audio_port+1] RTP\n',
      { mediaPort: 7000 },
    ),
    'INVITE sip:x SIP/2.0\r\nX: 7000\r\n\r\nm=audio 7000 RTP\r\n',
  );
});
