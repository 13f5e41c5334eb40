/**
 * An engine's RunConfig from flag tokens, through the flag parser: the one builder behind the
 * command line, profile JSON (whose keys config/ turns into tokens) and API bodies.
 */
import { parseScenarioFlags } from '../cli/index.ts';
import { validateRunConfig } from '../config/index.ts';
import type { RunConfig } from '../config/index.ts';
import { FlagError } from '../errors.ts';

export interface BuiltConfig {
  readonly config: RunConfig;
  /** Flag names given, for the server's own defaults. */
  readonly seen: ReadonlySet<string>;
  readonly notes: readonly string[];
}

export function buildEngineConfig(
  args: readonly string[],
  cwd: string,
  where: string,
): BuiltConfig {
  const parsed = parseScenarioFlags(args, cwd);
  if (parsed.kind !== 'run') {
    // -h, -v, -sd inside a profile: they print and exit, which no engine of a server can do.
    throw new FlagError(
      'CONFIG_INVALID',
      `${where}: its flags ask for ${parsed.kind}, not a run`,
      'remove -h, -v and -sd from the profile',
    );
  }
  return { config: parsed.config, seen: parsed.seen, notes: parsed.notes };
}

/** Validation, separate: the server applies its own defaults between the two. */
export function checkEngineConfig(config: RunConfig): void {
  validateRunConfig(config);
}
