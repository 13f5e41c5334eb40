/**
 * `<setdest host="name">`: sipp resolves the name with getaddrinfo when the action runs. The
 * engine cannot wait for a lookup in the middle of a call's actions, so every literal host name
 * of the scenarios' setdest actions is looked up once here, before traffic, and the engine reads
 * the answer (RunContext.hostAddresses). A name that does not resolve stays out of the map: the
 * action then fails the call with sipp's "Unknown host 'x' for setdest", as in sipp. A host made
 * of keywords (`host="[$h]"`) must give an address.
 */
import { isIP } from 'node:net';
import type { Scenario } from '../scenario/index.ts';

/** Literal setdest host names (not addresses, not keyword text) of the scenarios. */
export function setdestHostNames(scenarios: ReadonlyArray<Scenario | undefined>): string[] {
  const names = new Set<string>();
  for (const s of scenarios) {
    for (const c of [...(s?.init ?? []), ...(s?.commands ?? [])]) {
      for (const a of c.actions) {
        const host = a.name === 'setdest' ? a.attrs.host : undefined;
        if (host === undefined || host.includes('[') || host === 'localhost') continue;
        const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
        if (isIP(bare) === 0) names.add(host);
      }
    }
  }
  return [...names];
}

/** Looks the names up (the run's address family first, as the main remote is). */
export async function resolveSetdestHosts(
  names: readonly string[],
  family: 4 | 6,
): Promise<ReadonlyMap<string, string>> {
  // Loaded here, not at module load: dns is not allowed in the start-up snapshot.
  const { lookup } = process.getBuiltinModule('node:dns/promises');
  const found = new Map<string, string>();
  await Promise.all(
    names.map(async (name) => {
      try {
        found.set(name, (await lookup(name, { family })).address);
      } catch {
        try {
          found.set(name, (await lookup(name)).address);
        } catch {
          // Left out: the action reports sipp's "Unknown host" when it runs.
        }
      }
    }),
  );
  return found;
}
