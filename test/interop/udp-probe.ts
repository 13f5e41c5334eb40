/** Sends one raw SIP request over UDP and collects what comes back, for interop probes. */
import dgram from 'node:dgram';

/** `request(localPort)` builds the bytes (its Via names the probe's port); answers within ms. */
export async function probeUdp(
  port: number,
  request: (localPort: number) => string,
  waitMs: number,
): Promise<string[]> {
  const s = dgram.createSocket('udp4');
  const got: string[] = [];
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  try {
    return await new Promise<string[]>((resolve) => {
      const done = setTimeout(() => resolve(got), waitMs);
      s.on('message', (m) => {
        got.push(m.toString('latin1'));
        // The first answer is all a probe asks for: stop waiting then.
        clearTimeout(done);
        resolve(got);
      });
      s.send(Buffer.from(request(s.address().port), 'latin1'), port, '127.0.0.1');
    });
  } finally {
    s.close();
  }
}

/** A request from the probe at `localPort`; `startLine` and `via` as given ('%p' = the port). */
export function rawRequest(
  localPort: number,
  o: { startLine: string; via?: string; callId: string; method: string },
): string {
  const via = (o.via ?? 'Via: SIP/2.0/UDP 127.0.0.1:%p;branch=z9hG4bK-probe').replace(
    '%p',
    String(localPort),
  );
  return [
    o.startLine,
    via,
    'From: <sip:probe@127.0.0.1>;tag=probe1',
    'To: <sip:sut@127.0.0.1>',
    `Call-ID: ${o.callId}`,
    `CSeq: 1 ${o.method}`,
    `Contact: <sip:probe@127.0.0.1:${localPort}>`,
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
}
