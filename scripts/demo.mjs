// `npm run demo`: a real load test on loopback, Gossipper UAS plus Gossipper UAC, 2000 calls at
// 500 calls/s, ending with the UAC's statistics. Only loopback; both processes are ours and end
// on their own (-m); a hard timeout ends them by PID if something hangs.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/gossipper', import.meta.url));
const calls = process.env.DEMO_CALLS ?? '2000';
const rate = process.env.DEMO_RATE ?? '500';

async function freePort() {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise((r) => s.close(r));
  return port;
}

function run(args, stdio) {
  // Run the bin itself, as `gossipper` runs: its shebang carries the V8 flags it wants.
  const child = spawn(bin, args, { stdio });
  const done = new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  done.finally(() => clearTimeout(guard));
  return { child, done };
}

const uasPort = await freePort();
console.log(
  `Gossipper UAS on 127.0.0.1:${uasPort}; Gossipper UAC: ${calls} calls at ${rate} calls/s\n`,
);
const uas = run(
  ['-sn', 'uas', '-i', '127.0.0.1', '-p', String(uasPort), '-m', calls, '-nostdin'],
  'ignore',
);
await new Promise((r) => setTimeout(r, 300));
const uac = run(
  [
    '-sn',
    'uac',
    `127.0.0.1:${uasPort}`,
    '-i',
    '127.0.0.1',
    '-p',
    '0',
    '-m',
    calls,
    '-r',
    rate,
    '-nostdin',
  ],
  'inherit',
);
const uacCode = await uac.done;
const uasCode = await uas.done;
console.log(`\nUAC exit code ${uacCode}, UAS exit code ${uasCode}`);
process.exit(uacCode || uasCode);
