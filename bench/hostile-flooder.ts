/**
 * Child process of the hostile measure: floods one UAS port on 127.0.0.1 with the traffic of
 * test/peers/hostile-flood.ts, then prints what it sent as one JSON line on stdout. A child of
 * its own, so its sends do not queue behind the bench's RSS sampling, nor the reverse.
 *
 *   node --import tsx bench/hostile-flooder.ts udp|tcp PORT DURATION_MS 'PLAN_JSON'
 *
 * Ends after DURATION_MS, or sooner on SIGINT/SIGTERM (the bench stops it when the legitimate
 * calls are done); either way it prints its counts.
 */
import {
  floodTcp,
  floodUdp,
  type TcpFloodCounts,
  type TcpFloodPlan,
  type UdpFloodCounts,
  type UdpFloodPlan,
} from '../test/peers/hostile-flood.ts';

/** Refuses a run the bench would never ask for: these bound the child on their own. */
const MAX_DURATION_MS = 10 * 60 * 1000;

async function main(argv: string[]): Promise<void> {
  const [kind, portText, durationText, planText] = argv;
  const port = Number(portText);
  const durationMs = Number(durationText);
  const isDurationOk = durationMs > 0 && durationMs <= MAX_DURATION_MS;
  if ((kind !== 'udp' && kind !== 'tcp') || !Number.isInteger(port) || !isDurationOk) {
    throw new Error(
      `hostile-flooder: got "${argv.join(' ')}", ` +
        `expected udp|tcp PORT DURATION_MS (≤ ${MAX_DURATION_MS}) PLAN_JSON`,
    );
  }
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const plan: unknown = JSON.parse(planText ?? '{}');
  const counts: UdpFloodCounts | TcpFloodCounts =
    kind === 'udp'
      ? await floodUdp(port, plan as UdpFloodPlan, durationMs, stop.signal)
      : await floodTcp(port, plan as TcpFloodPlan, durationMs, stop.signal);
  process.stdout.write(`${JSON.stringify({ kind, ...counts })}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
