// Bundles src/main.ts into one ESM file for the npm bin; types are checked separately by tsc.
import { build } from 'esbuild';
import { chmod, readFile } from 'node:fs/promises';
import { execSync } from 'node:child_process';
import { buildNative } from './build-native.mjs';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
let commit = 'unknown';
try { commit = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim(); } catch { /* not a git checkout */ }

await build({
  entryPoints: ['src/bin.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/gossipper.js',
  // V8 starts with a 1 MB young generation and grows it under load; at thousands of calls per
  // second the scavenges of that growth phase stall the first few hundred ms of a run (measured:
  // ~1000 calls with a response time over 10 ms, against ~30 with a 16 MB start).
  banner: { js: '#!/usr/bin/env -S node --min-semi-space-size=16\nimport { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  define: {
    __GOSSIPPER_VERSION__: JSON.stringify(pkg.version),
    __GOSSIPPER_COMMIT__: JSON.stringify(commit),
    __GOSSIPPER_BUILT__: JSON.stringify(new Date().toISOString()),
  },
  logLevel: 'warning',
});
await chmod('dist/gossipper.js', 0o755);
buildNative();

// `-threads N` starts this next to the bin (src/shard/worker-launch.ts finds it by its URL).
await build({
  entryPoints: ['src/shard/shard-worker.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: 'dist/shard-worker.js',
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
  define: {
    __GOSSIPPER_VERSION__: JSON.stringify(pkg.version),
    __GOSSIPPER_COMMIT__: JSON.stringify(commit),
    __GOSSIPPER_BUILT__: JSON.stringify(new Date().toISOString()),
  },
  logLevel: 'warning',
});
