// `npm test`'s runner: every test/**/*.test.ts, however deep (the shell glob test/*/*.test.ts
// skipped nested folders without a word, and Node 20's --test takes no glob of its own).
//
// Two lanes run at once, each one file at a time in path order: the files that drive real peers
// (interop/, e2e/, compat/: SIPp, Kamailio, baresip, Chromium; mostly waiting on them) and all
// the others (in-process, mostly CPU). One lane at a time took about 15 of CI's 20 minutes.
// Each lane draws test ports from its own half of the ranges (GOSSIPPER_TEST_LANE,
// test/peers/processes.ts laneSlice), so side-by-side files never share a port.
// Extra arguments go to both node --test runs (e.g. --test-name-pattern).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const PEER_FOLDERS = ['test/interop/', 'test/e2e/', 'test/compat/'];

function testFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // fixtures/ hold inputs and child-process scripts, never tests.
    if (entry.isDirectory() && entry.name !== 'fixtures' && entry.name !== 'node_modules')
      found.push(...testFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) found.push(relative(root, path));
  }
  return found;
}

const files = testFiles(join(root, 'test')).sort();
if (files.length === 0) {
  process.stderr.write('run-tests: no test/**/*.test.ts found\n');
  process.exit(1);
}
const withPeers = files.filter((f) => PEER_FOLDERS.some((p) => f.startsWith(p)));
const inProcess = files.filter((f) => !withPeers.includes(f));

/** One lane: node --test on `laneFiles`, its output lines prefixed; resolves with its status. */
function lane(index, name, laneFiles) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    // --test-timeout: a test that hangs (a peer that never answers) fails after 4 minutes instead
    // of holding CI until its own limit.
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-timeout=240000',
      ...process.argv.slice(2),
      ...laneFiles,
    ],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GOSSIPPER_TEST_LANE: String(index) },
    },
  );
  const prefix = (stream, out) => {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop();
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
    stream.on('end', () => rest !== '' && out.write(`[${name}] ${rest}\n`));
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      const s = Math.round((Date.now() - started) / 1000);
      resolve({ name, code: code ?? 1, files: laneFiles.length, s });
    }),
  );
}

const results = await Promise.all([lane(0, 'peers', withPeers), lane(1, 'local', inProcess)]);
for (const r of results)
  process.stdout.write(
    `run-tests: lane ${r.name}: ${r.files} files, ${r.s} s, ${r.code === 0 ? 'passed' : `FAILED (exit ${r.code})`}\n`,
  );
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
