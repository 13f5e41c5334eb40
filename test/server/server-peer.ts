// Helpers for tests that run the built `gossipper server` as a process and drive its API.
import type { Peer } from '../peers/processes.ts';
import { describeRun, startGossipper, startSipp, waitForUdpListener } from '../peers/processes.ts';
import { call } from './api-fixture.ts';

/** "...: http://127.0.0.1:PORT/api/v1/" from a start-up line. */
export async function apiBase(peer: Peer, stream: 'stdout' | 'stderr'): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = /HTTP API v1 at (http:\/\/[^\s]+)\/\n/.exec(peer[stream]());
    if (m) return m[1];
    if (peer.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`no API line\n${describeRun(peer)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface EngineStats {
  total_calls: number;
  failed_calls: number;
  success_calls: number;
  active_calls: number;
}

/** Every engine's statistics by id, from the `multi` envelope of GET /stats. */
export async function statsById(base: string): Promise<Map<string, EngineStats>> {
  const body = (await call(`${base}/stats`)).body as {
    multi?: boolean;
    engines?: Array<{ id: string; stats: EngineStats }>;
  };
  if (body.multi !== true || body.engines === undefined)
    throw new Error(`not a multi envelope: ${JSON.stringify(body).slice(0, 200)}`);
  return new Map(body.engines.map((e) => [e.id, e.stats]));
}

/** Calls one engine created per second over `ms` (total_calls counts created calls). */
export async function achievedRate(base: string, id: string, ms: number): Promise<number> {
  const created = async (): Promise<number> => {
    const stats = (await statsById(base)).get(id);
    if (stats === undefined) throw new Error(`no engine "${id}" in /stats`);
    return stats.total_calls;
  };
  const before = await created();
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, ms));
  return ((await created()) - before) / ((Date.now() - t0) / 1000);
}

/** Polls `check` every 50 ms until it holds, or fails naming `what`. */
export async function until(
  check: () => Promise<boolean>,
  what: string,
  ms = 10_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `gossipper server` on 127.0.0.1:sipPort with its API on a free port, started in `dir`. */
export function startServerBin(dir: string, sipPort: number, extra: string[]): Peer {
  return startGossipper(
    ['server', ...extra, '-i', '127.0.0.1', '-p', String(sipPort), '-api_addr', '127.0.0.1:0'],
    dir,
  );
}

/** Once the server's API and SIP socket answer: its API base. */
export async function serverReady(server: Peer, sipPort: number): Promise<string> {
  const base = await apiBase(server, 'stdout');
  await waitForUdpListener(sipPort, server);
  return base;
}

/** `sipp -sn uac` from 127.0.0.1:uacPort at the server: `calls` calls at `rate` calls/s. */
export function startSippUac(
  dir: string,
  sipPort: number,
  uacPort: number,
  rate: number,
  calls: number,
  extra: string[] = [],
): Peer {
  return startSipp(
    [
      '-sn',
      'uac',
      `127.0.0.1:${sipPort}`,
      '-i',
      '127.0.0.1',
      '-p',
      String(uacPort),
      '-r',
      String(rate),
      '-m',
      String(calls),
      '-nostdin',
      ...extra,
    ],
    dir,
  );
}
