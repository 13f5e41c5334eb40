/**
 * Injection files (`-inf`, `-infindex`) and users mode (`-users`): loading CSV files, the line
 * each call gets, `[fieldN]` values, the `<lookup>`/`<insert>`/`<replace>` actions, and the pool
 * of user ids. See docs/injection.md.
 */
export { InjectionFile } from './injection-file.ts';
export type { InjectionHeader, InjectionMode, PrintfSettings } from './injection-header.ts';
export { parseInjectionHeader } from './injection-header.ts';
export { formatPrintfField, printfFieldError } from './printf-field.ts';
export { InjectionSet } from './injection-set.ts';
export { loadInjection, loadRunInjection } from './load-injection.ts';
export type {
  InjectionFileSpec,
  InjectionIndexSpec,
  InjectionLoadOptions,
} from './load-injection.ts';
export { checkInjectionUse } from './check-injection-use.ts';
export { insertLine, lookupLine, replaceLine } from './injection-actions.ts';
export { UserPool } from './user-pool.ts';
