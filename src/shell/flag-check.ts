/**
 * `parse` / `check`: what `gossipper sipp <flags>` does before its first packet (parse into the
 * one RunConfig, validate, load the scenario), with no socket opened and nothing sent.
 */
import { assertBuiltinExists, parseScenarioFlags } from '../cli/index.ts';
import { validateRunConfig, type RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import { loadScenarioFor } from '../run/index.ts';

export interface PreparedRun {
  readonly config: RunConfig;
  /** Flags accepted that mean nothing here (the CLI prints them as notes). */
  readonly notes: readonly string[];
  /** What loading the scenario warned about. */
  readonly warnings: readonly string[];
  readonly mode: 'client' | 'server';
  readonly scenarioName: string;
  readonly stepCount: number;
}

export async function prepareRun(argv: readonly string[], cwd: string): Promise<PreparedRun> {
  const parsed = parseScenarioFlags(argv, cwd);
  if (parsed.kind !== 'run') {
    throw new GossipperError(
      'SHELL_INPUT',
      `these flags ask for ${parsed.kind}, not a run`,
      'unset -h, -v, -sd or -interactive',
    );
  }
  const { config } = parsed;
  validateRunConfig(config);
  if (config.scenario.kind === 'builtin') await assertBuiltinExists(config.scenario.name);
  const scenario = loadScenarioFor(config);
  return {
    config,
    notes: parsed.notes,
    warnings: scenario.warnings,
    mode: scenario.mode,
    scenarioName: scenario.fileStem,
    stepCount: scenario.commands.length,
  };
}
