/**
 * The media bench's receiver, a child process (`node --import tsx bench/rtp-jitter-sink.ts`):
 * binds a loopback port through Gossipper's own UDP transport, whose native addon reads in
 * batches and gives each datagram's kernel receive time (SO_TIMESTAMPNS), so the receiver's own
 * scheduling does not show as jitter; packets are tallied by bench/rtp-jitter-tally.ts. The
 * parent drives it over IPC: `{ cmd: 'active' }`, `'start'` (a window begins), `'figures'`,
 * `'clear'`; it answers each with one message. It ends with its parent.
 */
import { UdpTransport } from '../src/transport/index.ts';
import { nowMs } from '../src/platform/index.ts';
import { JitterTally } from './rtp-jitter-tally.ts';

const packetMs = Number(process.argv[2] ?? '20');
const tally = new JitterTally(packetMs);
const transport = UdpTransport.openNow({
  bindIp: '127.0.0.1',
  port: 0,
  family: 4,
  bufferBytes: 32 * 1024 * 1024,
  handlers: {
    onMessage: (buf, from, _via, ageMs) => {
      if (buf.length < 12 || buf[0] >> 6 !== 2) return;
      const key = `${from.port}/${buf.readUInt32BE(8)}`;
      tally.onPacket(key, buf.readUInt16BE(2), nowMs() - (ageMs ?? 0));
    },
    onError: () => undefined,
  },
});
if (transport === null) {
  process.send?.({
    error: 'the native UDP addon is not built (npm rebuild): no kernel timestamps',
  });
  process.exit(1);
}
process.send?.({ port: transport.localAddress.port });
process.on('disconnect', () => process.exit(0));
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'active') process.send?.({ active: tally.activeStreams(nowMs(), 200) });
  else if (m.cmd === 'start') {
    tally.reset();
    process.send?.({ ok: true });
  } else if (m.cmd === 'figures') process.send?.({ figures: tally.figures() });
  else if (m.cmd === 'clear') {
    tally.clear();
    process.send?.({ ok: true });
  }
});
