/**
 * How many concurrent 20 ms G.711 streams one engine's media scheduler sends on time:
 * `node --import tsx bench/media-streams.ts [streams...]` (default 500 1000 2000 4000), each for
 * 5 s on loopback, all on the run's `[media_port]` socket, to a sink in a child process that
 * counts what arrives. Prints, per count: packets sent and received, send lateness (the
 * scheduler's fire time minus the packet's due time) p50/p99/max, and CPU per second. Not part
 * of `npm run bench` yet (no SIPp side); bounded: 5 s per count, loopback only.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaCall } from '../src/engine/index.ts';
import { openMedia } from '../src/media/index.ts';
import { FileStream } from '../src/media/file-stream.ts';
import { startSystemTicker } from '../src/run/index.ts';
import { loadScenarioXml } from '../src/scenario/index.ts';
import { Counter } from '../src/stats/index.ts';

const RUN_MS = 5000;

if (process.argv[2] === '--sink') {
  const dgram = await import('node:dgram');
  const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 64 * 1024 * 1024 });
  let count = 0;
  s.on('message', () => count++);
  s.bind(0, '127.0.0.1', () => process.send?.({ port: s.address().port }));
  // The parent gone (it crashed, or was killed) ends the sink too.
  process.on('disconnect', () => process.exit(0));
  process.on('message', () => {
    process.send?.({ count });
    s.close();
    process.disconnect?.();
  });
} else {
  const counts = process.argv.slice(2).map(Number);
  for (const n of counts.length > 0 ? counts : [500, 1000, 2000, 4000]) await measure(n);
}

async function measure(streams: number): Promise<void> {
  const sink = fork(import.meta.filename, ['--sink'], { execArgv: ['--import', 'tsx'] });
  const sinkPort = await new Promise<number>((r) =>
    sink.once('message', (m) => r((m as { port: number }).port)),
  );
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-media-bench-'));
  writeFileSync(path.join(dir, 'tone.alaw'), Buffer.alloc(8000, 0x55));
  const xml =
    '<scenario name="b"><recv request="INVITE"/><nop><action>' +
    '<exec rtp_stream="tone.alaw,-1,8"/></action></nop></scenario>';
  const totals: number[] = Array(64).fill(0);
  const lateness: number[] = [];
  const original = FileStream.prototype.fire;
  FileStream.prototype.fire = function (this: FileStream, now: number): number {
    lateness.push(now - this.dueMs);
    return original.call(this, now);
  };
  const media = await openMedia({
    scenario: loadScenarioXml(xml, path.join(dir, 'b.xml')),
    scenarioDir: dir,
    ip: '127.0.0.1',
    family: 4,
    mediaPort: 30000 + 4 * Math.floor(Math.random() * 5000),
    echo: false,
    bufferBytes: 8 * 1024 * 1024,
    defaultPayloadType: 8,
    clock: { now: () => performance.now() },
    random: Math.random,
    stats: { count: (id, k = 1) => (totals[id] += k) },
    onError: (t) => console.error(t),
  });
  const session = media.session;
  const ticker = startSystemTicker(() => session.tick(), 1, { precise: true });
  session.onWork = () => ticker.wake();
  const sdp = Buffer.from(
    `SIP/2.0 200 OK\r\n\r\nv=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${sinkPort} RTP/AVP 8\r\n`,
  );
  const calls: MediaCall[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 1; i <= streams; i++) {
    const call: MediaCall = { callNumber: i, callId: `bench-${i}`, media: null };
    session.onReceived(call, sdp);
    const failure = session.exec(call, 'rtp_stream', 'tone.alaw,-1,8');
    if (failure !== null) throw new Error(failure);
    calls.push(call);
  }
  await new Promise((r) => setTimeout(r, RUN_MS));
  for (const call of calls) session.endCall(call);
  session.tick();
  const cpu = process.cpuUsage(cpu0);
  ticker.stop();
  await new Promise((r) => setTimeout(r, 200));
  sink.send('count');
  const received = await new Promise<number>((r) =>
    sink.once('message', (m) => r((m as { count: number }).count)),
  );
  await media.ports.closeAll();
  FileStream.prototype.fire = original;
  lateness.sort((a, b) => a - b);
  const q = (p: number): string =>
    (lateness[Math.floor(p * (lateness.length - 1))] ?? 0).toFixed(2);
  const expected = Math.round((streams * RUN_MS) / 20);
  console.log(
    `${streams} streams: sent ${totals[Counter.RtpPacketsSent]} (ideal ${expected}), ` +
      `received ${received}, lateness ms p50 ${q(0.5)} p99 ${q(0.99)} max ${q(1)}, ` +
      `CPU ${((cpu.user + cpu.system) / 1e6 / (RUN_MS / 1000)).toFixed(2)} s/s`,
  );
}
