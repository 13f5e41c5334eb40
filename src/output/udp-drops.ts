/**
 * The kernel's UDP error counters (`/proc/net/snmp`, host-wide): their growth during a run says
 * datagrams were dropped before the generator saw them, so its figures undercount. Undefined
 * where the file does not exist (not Linux).
 */
import { readFileSync } from 'node:fs';

export interface UdpDrops {
  inErrors: number;
  rcvbufErrors: number;
}

export function readUdpDrops(path = '/proc/net/snmp'): UdpDrops | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch {
    return undefined;
  }
  const lines = text.split('\n').filter((l) => l.startsWith('Udp:'));
  if (lines.length < 2) return undefined;
  const names = lines[0].trim().split(/\s+/);
  const values = lines[1].trim().split(/\s+/).map(Number);
  const at = (name: string): number => {
    const i = names.indexOf(name);
    return i >= 0 && Number.isFinite(values[i]) ? values[i] : 0;
  };
  return { inErrors: at('InErrors'), rcvbufErrors: at('RcvbufErrors') };
}
