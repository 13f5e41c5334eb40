/**
 * The management API's clients during a bench run: GET /api/v1/stats polled at a fixed rate and
 * WebSocket clients on /api/v1/live reading every frame, as a dashboard and a CI poller would.
 * They run in the bench process, so their own CPU is not counted against the measured one.
 */
import { WebSocket } from 'ws';
import { sleep } from './proc-files.ts';

export interface ApiLoadPlan {
  pollsPerS: number;
  liveClients: number;
}

export interface ApiLoadResult {
  polls: number;
  pollErrors: number;
  frames: number;
  liveOpened: number;
}

/** Waits for the API to answer, then loads it until the returned stop() is called. */
export async function startApiLoad(
  base: string,
  plan: ApiLoadPlan,
  deadlineMs = 15_000,
): Promise<() => Promise<ApiLoadResult>> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > until) throw new Error(`bench: the API at ${base} never answered`);
    await sleep(20);
  }
  const result: ApiLoadResult = { polls: 0, pollErrors: 0, frames: 0, liveOpened: 0 };
  const sockets: WebSocket[] = [];
  for (let i = 0; i < plan.liveClients; i++) {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/live`);
    ws.on('open', () => result.liveOpened++);
    ws.on('message', () => result.frames++);
    ws.on('error', () => {});
    sockets.push(ws);
  }
  let inFlight = 0;
  const timer = setInterval(() => {
    // A poll still waiting is not doubled: a slow API must not get a queue from us.
    if (inFlight > 0) return;
    inFlight++;
    fetch(`${base}/stats`)
      .then(async (r) => {
        await r.arrayBuffer();
        if (r.ok) result.polls++;
        else result.pollErrors++;
      })
      .catch(() => result.pollErrors++)
      .finally(() => inFlight--);
  }, 1000 / plan.pollsPerS);
  return async () => {
    clearInterval(timer);
    for (const ws of sockets) ws.terminate();
    return result;
  };
}
