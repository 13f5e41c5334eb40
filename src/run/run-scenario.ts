import type { RunConfig } from '../config/run-config.ts';
import type { Io } from '../io.ts';

/** Runs one scenario to completion and returns SIPp's exit code for it. */
export async function runScenario(config: RunConfig, io: Io): Promise<number> {
  void config; void io;
  throw new Error('runScenario: not wired yet');
}
