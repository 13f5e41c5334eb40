/** Help screens: root (`gossipper -h`), SIPp entry (`gossipper sipp -h`), banners. */
import { BUILT, COMMIT, SIPP_COMPAT_VERSION, VERSION } from '../version.ts';
import type { FlagSpec } from './flag-types.ts';
import { FLAG_GROUPS, FLAG_TABLE } from './flag-table.ts';
import { SUBCOMMANDS } from './subcommands.ts';
import { HELP_WIDTH, wrapText } from './text-wrap.ts';

const FLAG_COLUMN = 26;

export function rootHelpText(): string {
  const lines = [
    `Gossipper ${VERSION}: SIP load generator, SIPp ${SIPP_COMPAT_VERSION} compatible`,
    '',
    'Usage:',
    '  gossipper [sipp] [remote_host[:port]] [scenario flags]   run a scenario',
    '  gossipper <subcommand> [...]',
    '',
    'Available in this version:',
    `  ${'sipp'.padEnd(16)} SIPp-compatible scenario run (also the default)`,
  ];
  for (const s of SUBCOMMANDS.filter((c) => c.available))
    lines.push(`  ${s.name.padEnd(16)} ${s.purpose}`);
  lines.push('', 'Reserved, not available in this version:');
  for (const s of SUBCOMMANDS.filter((c) => !c.available))
    lines.push(`  ${s.name.padEnd(16)} ${s.purpose}`);
  lines.push(
    `  ${'-interactive'.padEnd(16)} same UI as tui`,
    '',
    "Run 'gossipper sipp -h' for the scenario flags, 'gossipper -version' for build",
    'information.',
    '',
  );
  return lines.join('\n');
}

/** What `gossipper sipp` prints when nothing follows it. */
export function sippEntrySummaryText(): string {
  return [
    `gossipper sipp: the SIPp ${SIPP_COMPAT_VERSION} compatible entry point (same flags as SIPp).`,
    '',
    '  gossipper sipp -sn uas                            answer calls (built-in uas)',
    '  gossipper sipp 127.0.0.1 -sn uac -m 10 -r 5       place 10 calls at 5 calls/s',
    '  gossipper sipp 10.0.0.2:5070 -sf my.xml           run your own scenario',
    '  gossipper sipp -sd uac                            print a built-in scenario',
    '',
    "Run 'gossipper sipp -h' for every flag.",
    '',
  ].join('\n');
}

/** SIPp's `-v` banner shape, carrying our version. */
export function sippVersionBanner(): string {
  return `\n Gossipper v${VERSION} (SIPp ${SIPP_COMPAT_VERSION} compatible)\n\n`;
}

/** `-version` / `--version`: build information. */
export function buildInfoText(): string {
  return [
    `gossipper ${VERSION}`,
    `commit: ${COMMIT}`,
    `built: ${BUILT}`,
    `sipp compatibility: ${SIPP_COMPAT_VERSION}`,
    '',
  ].join('\n');
}

/** One flag's `-h` entry: name and argument, then its help wrapped at the help column. */
export function flagLine(flag: FlagSpec): string[] {
  const arg = flag.available ? (flag.kind === 'none' ? '' : flag.argName) : flag.argName;
  const head = `   -${flag.name}${arg === '' ? '' : ' ' + arg}`;
  const text =
    flag.defaultText === undefined ? flag.help : `${flag.help} (default: ${flag.defaultText})`;
  const indent = ' '.repeat(FLAG_COLUMN + 2);
  if (head.length > FLAG_COLUMN - 1) {
    return [head, ...wrapText(text, HELP_WIDTH, indent, indent)];
  }
  return wrapText(text, HELP_WIDTH, `${head.padEnd(FLAG_COLUMN)}: `, indent);
}

/**
 * `gossipper sipp -h`: SIPp-oriented preamble, then every table flag by SIPp section; in each
 * section the working flags first, then the not-yet-available ones listed by name.
 */
export function sippHelpText(): string {
  const lines = [
    '',
    'Usage:',
    '',
    '  gossipper sipp remote_host[:remote_port] [options]',
    '',
    'Example:',
    '',
    '   Run the built-in answering (uas) scenario:',
    '     gossipper sipp -sn uas',
    '   On the same host, call it with the built-in uac scenario:',
    '     gossipper sipp -sn uac 127.0.0.1',
    '',
    ...wrapText(
      `Flags take one dash, as in SIPp ${SIPP_COMPAT_VERSION}. Times accept ms, s, m or h; a bare ` +
        "number uses the unit in the flag's help. Integers accept decimal, 0x hex and 0-prefixed " +
        'octal. Flags listed under "not available yet" are SIPp flags that this version ' +
        'recognises but does not implement: using one is an error.',
      HELP_WIDTH,
      '  ',
      '  ',
    ),
  ];
  for (const group of FLAG_GROUPS) {
    const flags = FLAG_TABLE.filter((f) => f.group === group.id);
    const working = flags.filter((f) => f.available);
    const missing = flags.filter((f) => !f.available);
    lines.push('', `*** ${group.title}:`, '');
    for (const flag of working) lines.push(...flagLine(flag));
    if (missing.length > 0) {
      if (working.length > 0) lines.push('');
      const names = missing.map((f) => `-${f.name}`).join(' ');
      lines.push(...wrapText(names, HELP_WIDTH, '   not available yet: ', ' '.repeat(24)));
    }
  }
  lines.push(
    '',
    'Exit codes:',
    '',
    '    0: all calls succeeded            1: a call failed, or bad flags',
    '   97: -timeout with no calls at all 99: exited without traffic (-h, -v, -sd)',
    '  254: could not bind a socket      255: fatal error after start',
    '',
  );
  return lines.join('\n');
}
