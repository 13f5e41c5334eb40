/**
 * Opens a run's 3PCC command connections (transport/command-link.ts) from its flags and its
 * scenario's role: classic mode (`-3pcc ip:port`) connects when the first twin command is a
 * sendCmd and listens when it is a recvCmd; extended mode (`-master`/`-slave` with `-slave_cfg`)
 * listens on this instance's address from the file and writes to the peers named by `dest=`.
 */
import { readFileSync } from 'node:fs';
import type { RunConfig, ThreePccConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import type { Timers } from '../platform/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { CommandLink } from '../transport/index.ts';
import type { CommandLinkEvents, RemoteAddress } from '../transport/index.ts';

/** Reads `-slave_cfg`: one `name;host:port` per line (blank lines skipped). */
export function parseSlaveCfg(text: string, file: string): Map<string, RemoteAddress> {
  const peers = new Map<string, RemoteAddress>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    const m = /^([^;]+);(.+):(\d{1,5})$/.exec(line);
    const port = m ? Number(m[3]) : 0;
    if (!m || port < 1 || port > 65535) {
      throw new GossipperError(
        'CONFIG_INVALID',
        `${file}:${i + 1}: "${line}" is not a name;host:port line`,
        'each line of a -slave_cfg file names one instance, e.g. s1;127.0.0.1:6061',
      );
    }
    const host = m[2].trim().replace(/^\[(.*)\]$/, '$1');
    peers.set(m[1].trim(), { address: host, port });
  });
  return peers;
}

function invalid(message: string, hint?: string): GossipperError {
  return new GossipperError('CONFIG_INVALID', message, hint);
}

/** The address of `name` in the -slave_cfg map, or a clear error. */
function addressOf(peers: Map<string, RemoteAddress>, name: string, file: string): RemoteAddress {
  const a = peers.get(name);
  if (a === undefined) throw invalid(`3PCC: "${name}" has no line in ${file}`);
  return a;
}

function openExtended(
  t: ThreePccConfig,
  scenario: Scenario,
  events: CommandLinkEvents,
): Promise<CommandLink> {
  if (t.master !== undefined && t.slave !== undefined)
    throw invalid('-master and -slave exclude each other', 'an instance is one or the other');
  const file = t.slaveCfg;
  if (file === undefined)
    throw invalid('-master and -slave need -slave_cfg', 'the file maps names to addresses');
  let text: string;
  try {
    text = readFileSync(file, 'latin1');
  } catch (err) {
    throw new GossipperError(
      'FILE_IO',
      `cannot read -slave_cfg ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    );
  }
  const all = parseSlaveCfg(text, file);
  const self = (t.master ?? t.slave) as string;
  const on = addressOf(all, self, file);
  const peers = new Map<string, RemoteAddress>();
  for (const c of scenario.commands) {
    if (c.kind !== 'sendCmd') continue;
    if (c.dest === undefined) {
      throw invalid(
        `${c.pos.file}:${c.pos.line}:${c.pos.column} <sendCmd>: extended 3PCC mode needs dest=`,
        'name the receiving instance, as in its -slave_cfg line',
      );
    }
    peers.set(c.dest, addressOf(all, c.dest, file));
  }
  for (const c of scenario.commands) {
    if (c.kind === 'recvCmd' && c.src === undefined) {
      throw invalid(
        `${c.pos.file}:${c.pos.line}:${c.pos.column} <recvCmd>: extended 3PCC mode needs src=`,
        'name the sending instance, as in its -slave_cfg line',
      );
    }
  }
  return CommandLink.extended(on, peers, t.master !== undefined, events);
}

/**
 * The link for this run, or null when its scenario has no twin commands. Throws GossipperError
 * for a scenario that needs a twin and has none, or a twin that cannot be reached.
 */
export async function openThreePccLink(
  config: RunConfig,
  scenario: Scenario,
  events: CommandLinkEvents,
): Promise<CommandLink | null> {
  const role = scenario.twin;
  const t = config.threePcc;
  if (role === undefined) return null;
  if (t !== undefined && (t.master !== undefined || t.slave !== undefined))
    return openExtended(t, scenario, events);
  const twin = t?.twin;
  if (twin === undefined) {
    throw invalid(
      `scenario "${scenario.fileStem}" uses sendCmd/recvCmd but no 3PCC twin was given`,
      'add -3pcc ip:port (or -master/-slave with -slave_cfg for extended 3PCC)',
    );
  }
  const at: RemoteAddress = { address: twin.host, port: twin.port };
  return role === 'sends-first' ? CommandLink.connect(at, events) : CommandLink.listen(at, events);
}

/**
 * How long a run that ended on its own keeps its twin connection: the twin's last call (its BYE
 * left after ours on a coarser timer in SIPp) ends before it sees the connection go, since SIPp's
 * controller B aborts its open calls then. Measured: without it, SIPp's 3pcc-C-B lost the last
 * call of 3 to our 3pcc-C-A's exit.
 */
export const TWIN_CLOSE_GRACE_MS = 200;

/** Closes the link (if any) after `graceMs`. */
export function closeThreePccLink(
  link: CommandLink | null,
  timers: Timers,
  graceMs: number,
): Promise<void> {
  if (link === null) return Promise.resolve();
  if (graceMs <= 0) return link.close();
  return new Promise((resolve) => {
    timers.setTimeout(() => void link.close().then(resolve), graceMs);
  });
}
