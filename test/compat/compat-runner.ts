/**
 * Runs compat scenarios outside node:test and prints which pass: by default the pending ones (so
 * the integrator can promote those that now pass), `--all` for every scenario, or names given as
 * arguments; `--baseline` runs only sipp against sipp and prints its outcome (to check that a new
 * scenario is valid SIPp). Started by run-pending.mjs. Exit code 0 when every scenario run passed.
 */
import {
  allScenarios,
  assertBaselineSane,
  checkScenario,
  loadConfig,
  outcome,
  pendingScenarios,
  runPairing,
} from './compat-harness.ts';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const names = args.filter((a) => !a.startsWith('-'));
const pending = pendingScenarios();
const chosen =
  names.length > 0 ? names : args.includes('--all') ? allScenarios() : [...pending.keys()];

let failed = 0;
async function one(name: string): Promise<void> {
  const started = Date.now();
  try {
    if (args.includes('--baseline')) {
      const cfg = loadConfig(name);
      const base = await runPairing(name, cfg, 'sipp', 'sipp');
      assertBaselineSane(base);
      process.stdout.write(
        `${name} baseline in ${base.dir}\n  client: ${outcome(base.client, cfg).join(' | ')}\n` +
          `  server: ${outcome(base.server, cfg).join(' | ')}\n`,
      );
      return;
    }
    await checkScenario(name);
    const was = pending.has(name) ? ' (pending: PROMOTE it, remove it from pending.json)' : '';
    process.stdout.write(`PASS ${name} ${Date.now() - started} ms${was}\n`);
  } catch (e) {
    failed++;
    const msg = e instanceof Error ? e.message : String(e);
    const why = pending.get(name);
    process.stdout.write(
      `FAIL ${name} ${Date.now() - started} ms${why ? ` (pending: ${why})` : ''}\n` +
        (verbose ? msg : msg.split('\n').slice(0, 12).join('\n')) +
        '\n',
    );
  }
}

const queue = [...chosen];
const CONCURRENCY = Number(process.env.COMPAT_CONCURRENCY ?? 2);
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let n = queue.shift(); n !== undefined; n = queue.shift()) await one(n);
  }),
);
process.stdout.write(`${chosen.length - failed}/${chosen.length} passed\n`);
process.exitCode = failed === 0 ? 0 : 1;
