import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { UdpTransport } from '../src/transport/index.ts';
import { nowMs } from '../src/platform/index.ts';
import { writeMediaFiles } from './media-scenarios.ts';
const t0 = nowMs();
const last = new Map<string, number>();
const events: string[] = [];
const t = UdpTransport.openNow({
  bindIp: '127.0.0.1',
  port: 0,
  family: 4,
  bufferBytes: 8 << 20,
  handlers: {
    onMessage: (buf, from, _v, age) => {
      const at = nowMs() - (age ?? 0);
      const key = `${from.port}/${buf.readUInt32BE(8)}`;
      const p = last.get(key);
      if (p !== undefined && Math.abs(at - p - 20) > 1)
        events.push(`${(at - t0).toFixed(1)} ${key} gap ${(at - p).toFixed(2)}`);
      last.set(key, at);
    },
    onError: () => undefined,
  },
})!;
const dir = mkdtempSync(join(tmpdir(), 'gaps-'));
const files = writeMediaFiles(dir, 'rtp_stream', t.localAddress.port, 15000);
const bin = process.env.BIN ?? '/work/wt-rec/dist/gossipper';
const uas = spawn(bin, ['-sf', files.uas, '-p', '17771', '-i', '127.0.0.1', '-nostdin'], {
  cwd: dir,
  stdio: 'ignore',
});
await new Promise((r) => setTimeout(r, 1000));
const uac = spawn(
  bin,
  [
    '-sf',
    files.uac,
    '127.0.0.1:17771',
    '-m',
    '10',
    '-l',
    '10',
    '-r',
    '10',
    '-p',
    '17772',
    '-i',
    '127.0.0.1',
    '-mi',
    '127.0.0.1',
    '-mp',
    '20000',
    '-nostdin',
    ...process.argv.slice(2),
  ],
  { cwd: dir, stdio: 'ignore' },
);
await new Promise((r) => setTimeout(r, 8000));
uac.kill('SIGKILL');
uas.kill('SIGKILL');
console.log(events.length, 'events');
for (const e of events.slice(0, 60)) console.log(e);
process.exit(0);
