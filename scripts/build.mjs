// Bundles src/bin.ts into one ESM file (dist/gossipper.js), the shard worker next to it, the UDP
// addon and the start-up snapshot with its launcher (dist/gossipper, see build-snapshot.mjs).
// Types are checked separately by tsc.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { buildNative } from './build-native.mjs';
import { NODE_FLAGS, buildSnapshot } from './build-snapshot.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
let commit = 'unknown';
try { commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* not a git checkout */ }

const define = {
  __GOSSIPPER_VERSION__: JSON.stringify(pkg.version),
  __GOSSIPPER_COMMIT__: JSON.stringify(commit),
  __GOSSIPPER_BUILT__: JSON.stringify(new Date().toISOString()),
};

await build({
  entryPoints: ['src/bin.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/gossipper.js',
  // A young generation capped at 4 MB per semi-space: V8's default grows to 16 MB under load, and
  // every page of it stays resident, which at 20,000 concurrent calls is ~1 KiB per call
  // (measured: 4.0 → 3.0 KiB per call) for no gain in CPU or p99. Response times no longer feel
  // scavenge pauses on the receive side: they end at the kernel's receive timestamp.
  //
  // TurboFan compiles on the main thread (--no-concurrent-recompilation): a run's ~90 hot
  // functions are optimized the moment V8 asks, in ~230 ms of pauses of at most ~15 ms, all in
  // the first second. Compiled on a helper thread, the main thread instead ran unoptimized code
  // until each job came back, and on a 2-core box with the peer beside it that first second
  // held most of a 5 s run's slow calls. Measured at 4,000 calls/s over UDP against
  // `sipp -sn uas`: calls above 2 ms in the first 250 ms 200–317 → 2–53 (4 of 5 pairs; 199 on a
  // disturbed machine in the fifth), CPU per run
  // UAC −4%, UAS −8% (4 pairs each). Over TCP, where a read during a pause counts it, p99 was
  // a little worse within the noise (median 11.9 against 9.8 ms, 8 pairs), CPU the same.
  //
  // NODE_EXTRA_CA_CERTS is moved aside (to GOSSIPPER_EXTRA_CA_CERTS, see src/extra-ca-certs.ts):
  // Node 20 reads that file and all its bundled root certificates into OpenSSL before any of our
  // code runs, ~0.07 CPU-s on every start (3.5× a bare `node -e 0`), for runs that never use TLS.
  banner: { js: `#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS GOSSIPPER_EXTRA_CA_CERTS=\${NODE_EXTRA_CA_CERTS} node ${NODE_FLAGS}\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);` },
  define,
  logLevel: 'warning',
});
await chmod('dist/gossipper.js', 0o755);
buildNative();
await buildSnapshot({ define, outDir: 'dist' });

// `-threads N` starts this next to the bin (src/shard/worker-launch.ts finds it by its URL).
await build({
  entryPoints: ['src/shard/shard-worker.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/shard-worker.js',
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  define,
  logLevel: 'warning',
});
