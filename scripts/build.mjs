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
try {
  commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
    .toString()
    .trim();
} catch {
  /* not a git checkout */
}

// Reproducible: the same sources build the same bundle. The date is SOURCE_DATE_EPOCH when set
// (reproducible-builds.org), else the commit's, never the clock's.
function buildDate() {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv))
    return new Date(Number(fromEnv) * 1000).toISOString();
  try {
    const seconds = execSync('git log -1 --format=%ct', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    if (/^\d+$/.test(seconds)) return new Date(Number(seconds) * 1000).toISOString();
  } catch {
    /* not a git checkout */
  }
  return new Date(0).toISOString();
}

const define = {
  __GOSSIPPER_VERSION__: JSON.stringify(pkg.version),
  __GOSSIPPER_COMMIT__: JSON.stringify(commit),
  __GOSSIPPER_BUILT__: JSON.stringify(buildDate()),
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
  // functions are optimized the moment V8 asks, in pauses of at most ~15 ms within the first
  // second. On a helper thread, the main thread kept running unoptimized code until each job
  // came back, and that first second held most of a short run's slow calls; UDP response times
  // end at the kernel's receive timestamp, so the pauses do not count in them. The A/B numbers,
  // and the small cost over TCP, are in docs/performance.md ("What changed since the 04:20 run").
  //
  // NODE_EXTRA_CA_CERTS is moved aside (to GOSSIPPER_EXTRA_CA_CERTS, see src/extra-ca-certs.ts):
  // Node 20 reads that file and all its bundled root certificates into OpenSSL before any of our
  // code runs, ~0.07 CPU-s on every start (3.5× a bare `node -e 0`), for runs that never use TLS.
  banner: {
    js: `#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS GOSSIPPER_EXTRA_CA_CERTS=\${NODE_EXTRA_CA_CERTS} node ${NODE_FLAGS}\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);`,
  },
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
  banner: {
    js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);',
  },
  define,
  logLevel: 'warning',
});
