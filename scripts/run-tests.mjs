// `npm test`'s runner: every test/**/*.test.ts, however deep (the shell glob test/*/*.test.ts
// skipped nested folders without a word, and Node 20's --test takes no glob of its own), one
// file at a time, in path order. Extra arguments go to node --test (e.g. --test-name-pattern).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
const run = spawnSync(
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
    ...files,
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
