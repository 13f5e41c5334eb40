/**
 * A captured call built in memory, as a capture of two phones would hold it: SIP over UDP or
 * TCP (with a handshake, a retransmitted segment, several messages in one segment and one
 * message over three), each side's RTP, and optional extras (a 407 challenge, a retransmitted
 * 200, other dialogs). Ethernet framing, classic pcap.
 */
import { LINK, frame, ipPacket, rtpPacket } from '../peers/capture-writer.ts';

export const CALLER = { ip: '10.0.0.1', port: 5060, media: 40000, tcpPort: 33001 };
export const CALLEE = { ip: '10.0.0.2', port: 5080, media: 50000 };
export const CALL_ID = 'a84b4c76e66710@pc33.example.com';
const START_US = 1_700_000_000_000_000;

export interface CallCaptureOptions {
  readonly transport: 'udp' | 'tcp';
  readonly auth?: boolean;
  /** RTP packets each side sends, 20 ms apart, from right after the ACK. */
  readonly rtpPackets?: number;
  /** ACK to BYE. */
  readonly callMs?: number;
  readonly otherDialogs?: number;
  readonly retransmit200?: boolean;
  /** Who sends the BYE (default the caller). */
  readonly hangUp?: 'caller' | 'callee';
}

interface SipStep {
  readonly from: 'caller' | 'callee';
  readonly atMs: number;
  readonly text: string;
}

const crlf = (lines: string[]): string => lines.join('\r\n');

function message(head: string[], body = ''): string {
  return crlf([...head, `Content-Length: ${Buffer.byteLength(body, 'latin1')}`, '', body]);
}

function sdp(ip: string, port: number, session: string): string {
  return crlf([
    'v=0',
    `o=- ${session} ${session} IN IP4 ${ip}`,
    's=call',
    `c=IN IP4 ${ip}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 8 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=rtcp:${port + 1}`,
    `m=video 0 RTP/AVP 96`,
    '',
  ]);
}

/** The call's SIP messages in order, with their times relative to the INVITE. */
export function callSteps(o: CallCaptureOptions): SipStep[] {
  const t = o.transport === 'tcp' ? 'TCP' : 'UDP';
  const tp = o.transport;
  const callerAt = `${CALLER.ip}:${CALLER.port}`;
  const calleeAt = `${CALLEE.ip}:${CALLEE.port}`;
  const from = `"Alice" <sip:alice@${CALLER.ip}>;tag=1928301774`;
  const toBare = `<sip:bob@${CALLEE.ip}:${CALLEE.port}>`;
  const to = `${toBare};tag=a6c85cf`;
  const offer = sdp(CALLER.ip, CALLER.media, '2890844526');
  const answer = sdp(CALLEE.ip, CALLEE.media, '2890844527');
  const invite = (cseq: number, branch: string, extra: string[]): string =>
    message(
      [
        `INVITE sip:bob@${calleeAt} SIP/2.0`,
        `Via: SIP/2.0/${t} ${callerAt};rport;branch=${branch}`,
        'Max-Forwards: 70',
        `From: ${from}`,
        `To: ${toBare}`,
        `Call-ID: ${CALL_ID}`,
        `CSeq: ${cseq} INVITE`,
        `Contact: <sip:alice@${callerAt};transport=${tp}>`,
        ...extra,
        'User-Agent: capture-phone/1.0',
        'Content-Type: application/sdp',
      ],
      offer,
    );
  const viaOf = (branch: string): string =>
    `Via: SIP/2.0/${t} ${callerAt};rport=${CALLER.tcpPort};received=${CALLER.ip};branch=${branch}`;
  const response = (
    status: string,
    cseq: string,
    branch: string,
    toValue: string,
    body = '',
  ): string =>
    message(
      [
        `SIP/2.0 ${status}`,
        viaOf(branch),
        `Record-Route: <sip:${calleeAt};lr>`,
        `From: ${from}`,
        `To: ${toValue}`,
        `Call-ID: ${CALL_ID}`,
        `CSeq: ${cseq}`,
        ...(status.startsWith('100') ? [] : [`Contact: <sip:bob@${calleeAt};transport=${tp}>`]),
        ...(body === '' ? [] : ['Content-Type: application/sdp']),
      ],
      body,
    );
  const ack = (cseq: number, branch: string): string =>
    message([
      `ACK sip:bob@${calleeAt} SIP/2.0`,
      `Via: SIP/2.0/${t} ${callerAt};rport;branch=${branch}`,
      'Max-Forwards: 70',
      `From: ${from}`,
      `To: ${to}`,
      `Call-ID: ${CALL_ID}`,
      `CSeq: ${cseq} ACK`,
    ]);
  const steps: SipStep[] = [];
  let cseq = 1;
  let at = 0;
  if (o.auth) {
    steps.push(
      { from: 'caller', atMs: at, text: invite(cseq, 'z9hG4bKnashds7', []) },
      {
        from: 'callee',
        atMs: (at += 5),
        text: message([
          'SIP/2.0 407 Proxy Authentication Required',
          viaOf('z9hG4bKnashds7'),
          `From: ${from}`,
          `To: ${to}`,
          `Call-ID: ${CALL_ID}`,
          `CSeq: ${cseq} INVITE`,
          'Proxy-Authenticate: Digest realm="example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", algorithm=MD5, qop="auth"',
        ]),
      },
      { from: 'caller', atMs: (at += 5), text: ack(cseq, 'z9hG4bKnashds7') },
    );
    cseq++;
  }
  const auth = o.auth
    ? [
        'Proxy-Authorization: Digest username="alice", realm="example.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@10.0.0.2:5080", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, qop=auth, nc=00000001, cnonce="0a4f113b"',
      ]
    : [];
  steps.push(
    { from: 'caller', atMs: (at += 5), text: invite(cseq, 'z9hG4bK776asdhds', auth) },
    {
      from: 'callee',
      atMs: (at += 5),
      text: response('100 Trying', `${cseq} INVITE`, 'z9hG4bK776asdhds', toBare),
    },
    {
      from: 'callee',
      atMs: (at += 1),
      text: response('180 Ringing', `${cseq} INVITE`, 'z9hG4bK776asdhds', to),
    },
  );
  const ok = response('200 OK', `${cseq} INVITE`, 'z9hG4bK776asdhds', to, answer);
  steps.push({ from: 'callee', atMs: (at += 200), text: ok });
  if (o.retransmit200) steps.push({ from: 'callee', atMs: (at += 500), text: ok });
  steps.push({ from: 'caller', atMs: (at += 2), text: ack(cseq, 'z9hG4bK776bye0') });
  const byCallee = o.hangUp === 'callee';
  steps.push({
    from: byCallee ? 'callee' : 'caller',
    atMs: (at += o.callMs ?? 1000),
    text: byCallee
      ? message([
          `BYE sip:alice@${callerAt};transport=${tp} SIP/2.0`,
          `Via: SIP/2.0/${t} ${calleeAt};branch=z9hG4bKcalleebye`,
          'Max-Forwards: 70',
          `From: ${to}`,
          `To: ${from}`,
          `Call-ID: ${CALL_ID}`,
          'CSeq: 7001 BYE',
        ])
      : message([
          `BYE sip:bob@${calleeAt} SIP/2.0`,
          `Via: SIP/2.0/${t} ${callerAt};rport;branch=z9hG4bK776bye1`,
          'Max-Forwards: 70',
          `From: ${from}`,
          `To: ${to}`,
          `Call-ID: ${CALL_ID}`,
          `CSeq: ${cseq + 1} BYE`,
        ]),
  });
  steps.push({
    from: byCallee ? 'caller' : 'callee',
    atMs: (at += 3),
    text: byCallee
      ? message([
          'SIP/2.0 200 OK',
          `Via: SIP/2.0/${t} ${calleeAt};branch=z9hG4bKcalleebye`,
          `From: ${to}`,
          `To: ${from}`,
          `Call-ID: ${CALL_ID}`,
          'CSeq: 7001 BYE',
        ])
      : response('200 OK', `${cseq + 1} BYE`, 'z9hG4bK776bye1', to),
  });
  return steps;
}

interface Frame {
  readonly timeUs: number;
  readonly data: Buffer;
}

/** The capture: SIP (as chosen), then each side's RTP, then other dialogs' OPTIONS. */
export function callCapture(o: CallCaptureOptions): Buffer {
  const steps = callSteps(o);
  const frames: Frame[] = o.transport === 'udp' ? udpSip(steps) : tcpSip(steps);
  const ack = [...steps].reverse().find((s) => s.text.startsWith('ACK'));
  const rtpStartMs = (ack?.atMs ?? 0) + 10;
  for (let i = 0; i < (o.rtpPackets ?? 0); i++) {
    const atUs = START_US + (rtpStartMs + i * 20) * 1000;
    frames.push(
      udpFrame(
        atUs,
        CALLER.ip,
        CALLER.media,
        CALLEE.ip,
        CALLEE.media,
        rtpPacket(8, 100 + i, 160 * i, 0x1111, Buffer.alloc(160, 0xd5)),
      ),
    );
    frames.push(
      udpFrame(
        atUs + 3000,
        CALLEE.ip,
        CALLEE.media,
        CALLER.ip,
        CALLER.media,
        rtpPacket(8, 700 + i, 160 * i, 0x2222, Buffer.alloc(160, 0x55)),
      ),
    );
    // RTCP beside it stays out of the RTP captures.
    if (i === 0) {
      const rtcp = Buffer.from([0x80, 200, 0, 6, ...Buffer.alloc(24)]);
      frames.push(
        udpFrame(atUs + 5000, CALLER.ip, CALLER.media + 1, CALLEE.ip, CALLEE.media + 1, rtcp),
      );
    }
  }
  for (let d = 0; d < (o.otherDialogs ?? 0); d++) {
    frames.push(
      udpFrame(
        START_US + 1000 * d,
        CALLER.ip,
        CALLER.port,
        CALLEE.ip,
        CALLEE.port,
        Buffer.from(
          message([
            `OPTIONS sip:bob@${CALLEE.ip} SIP/2.0`,
            `Via: SIP/2.0/UDP ${CALLER.ip}:${CALLER.port};branch=z9hG4bKopt${d}`,
            `From: <sip:alice@${CALLER.ip}>;tag=o${d}`,
            `To: <sip:bob@${CALLEE.ip}>`,
            `Call-ID: options-${d}@${CALLER.ip}`,
            'CSeq: 1 OPTIONS',
          ]),
          'latin1',
        ),
      ),
    );
  }
  frames.sort((a, b) => a.timeUs - b.timeUs);
  return pcapOf(frames);
}

function udpSip(steps: readonly SipStep[]): Frame[] {
  return steps.map((s) => {
    const [src, dst] = s.from === 'caller' ? [CALLER, CALLEE] : [CALLEE, CALLER];
    return udpFrame(
      START_US + s.atMs * 1000,
      src.ip,
      src.port,
      dst.ip,
      dst.port,
      Buffer.from(s.text, 'latin1'),
    );
  });
}

/**
 * One TCP connection from the caller's passing port: the handshake, then the messages cut into
 * segments the way a stack may send them (the INVITE over three, the 100 and 180 in one, one
 * segment sent twice).
 */
function tcpSip(steps: readonly SipStep[]): Frame[] {
  const frames: Frame[] = [];
  const seq = { caller: 1000, callee: 900000 };
  const send = (from: 'caller' | 'callee', atUs: number, data: Buffer, flags = 0x18): void => {
    const [src, dst] = from === 'caller' ? [CALLER, CALLEE] : [CALLEE, CALLER];
    const sport = from === 'caller' ? CALLER.tcpPort : CALLEE.port;
    const dport = from === 'caller' ? CALLEE.port : CALLER.tcpPort;
    frames.push({
      timeUs: atUs,
      data: tcpFrame(src.ip, sport, dst.ip, dport, seq[from], flags, data),
    });
    seq[from] = (seq[from] + data.length + (flags & 0x02 ? 1 : 0)) >>> 0;
  };
  send('caller', START_US - 2000, Buffer.alloc(0), 0x02);
  send('callee', START_US - 1500, Buffer.alloc(0), 0x12);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    const bytes = Buffer.from(s.text, 'latin1');
    const atUs = START_US + s.atMs * 1000;
    if (s.text.startsWith('INVITE')) {
      const cut1 = 37; // inside the request line
      const cut2 = bytes.indexOf('\r\n\r\n') + 2; // between the header block's two CRLFs
      send(s.from, atUs, bytes.subarray(0, cut1));
      send(s.from, atUs + 10, bytes.subarray(cut1, cut2));
      send(s.from, atUs + 20, bytes.subarray(cut2));
    } else if (s.text.startsWith('SIP/2.0 100') && steps[i + 1]?.text.startsWith('SIP/2.0 180')) {
      send(s.from, atUs, Buffer.concat([bytes, Buffer.from(steps[i + 1].text, 'latin1')]));
      i++;
    } else if (s.text.startsWith('ACK')) {
      // Sent, then sent again (a retransmitted segment), with a CRLF keep-alive after it.
      const before = seq[s.from];
      send(s.from, atUs, bytes);
      seq[s.from] = before;
      send(s.from, atUs + 50, bytes);
      send(s.from, atUs + 60, Buffer.from('\r\n\r\n'));
    } else {
      send(s.from, atUs, bytes);
    }
  }
  return frames;
}

function udpFrame(
  timeUs: number,
  src: string,
  srcPort: number,
  dst: string,
  dstPort: number,
  payload: Buffer,
): Frame {
  return {
    timeUs,
    data: frame(LINK.ETHERNET, ipPacket({ timeUs, src, dst, srcPort, dstPort, payload })),
  };
}

function tcpFrame(
  src: string,
  sport: number,
  dst: string,
  dport: number,
  seq: number,
  flags: number,
  data: Buffer,
): Buffer {
  const tcp = Buffer.alloc(20);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp.writeUInt32BE(seq >>> 0, 4);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  tcp.writeUInt16BE(65535, 14);
  const ip = Buffer.alloc(20);
  ip[0] = 0x45;
  ip.writeUInt16BE(40 + data.length, 2);
  ip[8] = 64;
  ip[9] = 6;
  Buffer.from(src.split('.').map(Number)).copy(ip, 12);
  Buffer.from(dst.split('.').map(Number)).copy(ip, 16);
  const packet = Buffer.concat([ip, tcp, data]);
  // Ethernet pads a short frame to 60 bytes: the reader must go by the IP length.
  const framed = frame(LINK.ETHERNET, packet);
  return framed.length < 60 ? Buffer.concat([framed, Buffer.alloc(60 - framed.length)]) : framed;
}

/** A classic little-endian microsecond pcap of Ethernet frames. */
export function pcapOf(frames: readonly Frame[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(65535, 16);
  head.writeUInt32LE(LINK.ETHERNET, 20);
  const parts: Buffer[] = [head];
  for (const f of frames) {
    const rec = Buffer.alloc(16);
    const sec = Math.floor(f.timeUs / 1e6);
    rec.writeUInt32LE(sec, 0);
    rec.writeUInt32LE(f.timeUs - sec * 1e6, 4);
    rec.writeUInt32LE(f.data.length, 8);
    rec.writeUInt32LE(f.data.length, 12);
    parts.push(rec, f.data);
  }
  return Buffer.concat(parts);
}
