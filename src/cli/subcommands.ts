/**
 * Reserved first-token subcommands of the gossipper binary. Only those marked available are
 * provided by this version; the others are reserved so that `gossipper tui` fails clearly
 * instead of being read as a remote host.
 */
export interface Subcommand {
  readonly name: string;
  readonly purpose: string;
  readonly available: boolean;
}

export const SUBCOMMANDS: readonly Subcommand[] = [
  { name: 'cert', purpose: 'write a self-signed lab TLS certificate and key', available: true },
  { name: 'shell', purpose: 'line-oriented interactive shell', available: true },
  { name: 'cli', purpose: 'alias for shell', available: true },
  { name: 'tui', purpose: 'full-screen launcher and runtime UI', available: false },
  { name: 'server', purpose: 'long-running management mode with HTTP API', available: true },
  { name: 'auth', purpose: 'manage users of the control UI / API', available: true },
  { name: 'pcap2scenario', purpose: 'turn a PCAP capture into XML scenarios', available: true },
  { name: 'report-html', purpose: 'summary JSON to a standalone HTML report', available: true },
  { name: 'summary-to-pdf', purpose: 'HTML report to PDF', available: true },
  { name: 'profile', purpose: 'run-profile flag summary', available: true },
  { name: 'ui', purpose: 'admin console', available: false },
  { name: 'worker', purpose: 'distributed load worker', available: false },
  { name: 'backfill', purpose: 'backfill stored results', available: false },
];

/** `-interactive` is a root flag that behaves like a subcommand (opens the TUI). */
export const INTERACTIVE_FLAGS: readonly string[] = ['-interactive', '--interactive'];

export function findSubcommand(token: string): Subcommand | undefined {
  return SUBCOMMANDS.find((s) => s.name === token);
}
