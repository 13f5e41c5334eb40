/** The shell's fixed texts: `gossipper shell -h`, the cheat sheet of bare `set`. */
import { FLAG_ALIASES } from './flag-aliases.ts';

export const SHELL_USAGE = `Usage: gossipper shell    (alias: gossipper cli)

A line-oriented shell that builds SIPp flags one at a time and runs them:
  set rsa 127.0.0.1:5060    set m 10    show    check    run    quit
Type help inside it for the commands. Reads a script from a pipe too:
  printf 'set sn uac\\nset rsa 127.0.0.1:5060\\nset m 3\\nrun\\n' | gossipper shell
Run profiles (-config, -run-alias) do not apply here. See docs/shell.md.
`;

const ALIAS_TEXT = Object.entries(FLAG_ALIASES)
  .map(([alias, name]) => `${alias}=${name}`)
  .reduce(
    (lines, pair) => {
      const last = lines.length - 1;
      // Terminal text wraps at 80 columns (style.md).
      if (lines[last].length + pair.length + 1 > 78) lines.push(`  ${pair}`);
      else lines[last] += ` ${pair}`;
      return lines;
    },
    ['Aliases:'],
  )
  .join('\n');

export const CHEAT_SHEET = `Common flags (set <flag> <value>; any 'gossipper sipp -h' flag works):
  sn uac|uas|...     built-in scenario       sf file.xml    scenario file
  rsa host:port      where to send           i ip           local IP to bind
  p port             local port              t u1|t1|l1     UDP, TCP, TLS
  r n                calls per second        m n            stop after n calls
  l n                max concurrent calls    d ms           pause length
  trace_err          log unexpected messages trace_msg      log every message
${ALIAS_TEXT}
`;
