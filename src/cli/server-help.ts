/**
 * `gossipper server -h`: the management-oriented flags in sections (SIP bind, scenario, HTTP API,
 * lifecycle, TLS, WebSocket). Every scenario flag still works after `gossipper server`; the full
 * list stays with `gossipper sipp -h`.
 */
import type { FlagSpec } from './flag-types.ts';
import { FLAG_TABLE } from './flag-table.ts';
import { flagLine } from './help-text.ts';
import { HELP_WIDTH, wrapText } from './text-wrap.ts';

const SECTIONS: readonly { title: string; pick: (f: FlagSpec) => boolean }[] = [
  { title: 'SIP bind', pick: (f) => ['i', 'p', 't', 'buff_size', 'max_socket'].includes(f.name) },
  { title: 'Scenario', pick: (f) => ['sn', 'sf', 'key', 'set', 'l', 'm'].includes(f.name) },
  { title: 'Configuration', pick: (f) => ['config', 'run-alias', 'list-aliases'].includes(f.name) },
  {
    title: 'HTTP API',
    pick: (f) => ['api_addr', 'api_token', 'api_allow_open'].includes(f.name),
  },
  { title: 'Lifecycle', pick: (f) => f.name === 'drain_timeout' || f.name === 'timeout' },
  { title: 'Tracing', pick: (f) => ['trace_msg', 'trace_err', 'trace_stat'].includes(f.name) },
  { title: 'TLS', pick: (f) => f.name.startsWith('tls_') },
  { title: 'WebSocket', pick: (f) => f.name.startsWith('ws_') },
];

/** Where `gossipper server` defaults differently from a one-shot run. */
const SERVER_DEFAULTS: Readonly<Record<string, string>> = {
  p: '5060; 0 = any free port',
  sn: 'management',
  api_addr: '127.0.0.1:8080',
};

export function serverHelpText(): string {
  const lines = [
    '',
    'Usage:',
    '',
    '  gossipper server [flags]',
    '',
    ...wrapText(
      'Long-running management mode: a SIP endpoint (built-in scenario "management", which ' +
        'answers OPTIONS and calls, on port 5060 unless -p says otherwise; -p 0 picks a free ' +
        'port) plus the HTTP API v1 (stats, control, hot scenario reload, live WebSocket) on ' +
        '127.0.0.1:8080 unless -api_addr says otherwise. SIGTERM drains: no new calls, calls ' +
        'in flight finish (at most -drain_timeout), then exit 0. See docs/server.md.',
      HELP_WIDTH,
      '  ',
      '  ',
    ),
  ];
  for (const section of SECTIONS) {
    const flags = FLAG_TABLE.filter((f) => f.available && section.pick(f));
    if (flags.length === 0) continue;
    lines.push('', `*** ${section.title}:`, '');
    for (const flag of flags) {
      const serverDefault = SERVER_DEFAULTS[flag.name];
      lines.push(...flagLine(serverDefault ? { ...flag, defaultText: serverDefault } : flag));
    }
  }
  lines.push(
    '',
    ...wrapText(
      "Every scenario flag of 'gossipper sipp -h' is accepted too.",
      HELP_WIDTH,
      '  ',
      '  ',
    ),
    '',
  );
  return lines.join('\n');
}
