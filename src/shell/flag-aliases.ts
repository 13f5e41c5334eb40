/**
 * Friendly names the shell accepts for the SIPp flags people type most. Each maps to a real
 * name in the flag table (src/cli/flag-table.ts); there is no second flag list.
 */
export const FLAG_ALIASES: Readonly<Record<string, string>> = {
  remote: 'rsa',
  bind: 'i',
  calls: 'm',
  rate: 'r',
  limit: 'l',
  port: 'p',
  scenario: 'sn',
  file: 'sf',
  transport: 't',
  duration: 'd',
};

/** The table name a typed flag word stands for: `-m`, `m` and `calls` all give `m`. */
export function flagNameOf(word: string): string {
  const bare = word.startsWith('-') && !word.startsWith('--') ? word.slice(1) : word;
  return FLAG_ALIASES[bare] ?? bare;
}
