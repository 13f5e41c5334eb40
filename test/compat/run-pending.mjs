// Tries the compat scenarios listed in test/compat/pending.json and prints which now pass, so they
// can be promoted into the suite `npm test` runs. `--all` tries every scenario; names may be given;
// `-v` prints whole failure messages. Needs sipp and a built dist/gossipper.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runner = fileURLToPath(new URL('./compat-runner.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = spawnSync(process.execPath, ['--import', 'tsx', runner, ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
