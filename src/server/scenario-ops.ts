/**
 * The scenario routes' work on the primary engine: show its XML, check a new one, hot-apply it
 * (Run.replaceScenario: calls in flight keep theirs, new calls and the next incoming dialog use
 * the new one) and write the `-sf` file atomically (a temporary file in the same directory, then
 * rename), so a crash or a refused body never leaves a half-written scenario behind.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GossipperError } from '../errors.ts';
import { writeFileAtomic } from '../output/index.ts';
import { withDefaultLoss } from '../run/index.ts';
import { builtinScenarioXml, loadScenarioXml } from '../scenario/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { ApiError } from './api-error.ts';
import { assertMediaInside } from './api-paths.ts';
import type { ManagedEngine } from './engine-registry.ts';

export interface ScenarioViewBody {
  scenario_file: string;
  scenario_name: string;
  xml: string;
  builtin: boolean;
}

export function scenarioView(engine: ManagedEngine): ScenarioViewBody {
  const source = engine.source;
  const name = engine.run.scenario.fileStem;
  if (source.kind === 'builtin') {
    return { scenario_file: '', scenario_name: name, xml: builtinXml(source.name), builtin: true };
  }
  let xml: string;
  try {
    xml = readFileSync(source.path, 'latin1');
  } catch (err) {
    throw new ApiError(404, `${source.path}: cannot read the scenario file (${reason(err)})`);
  }
  return { scenario_file: source.path, scenario_name: name, xml, builtin: false };
}

function builtinXml(name: string): string {
  return builtinScenarioXml(name) ?? '';
}

/** Loads XML text as the engine's run would load its file; a load error is a 400 naming it. */
export function checkScenario(engine: ManagedEngine, xml: string, fileName: string): Scenario {
  const config = engine.config;
  try {
    const scenario = loadScenarioXml(xml, fileName, {
      userKeywords: new Set(Object.keys(config.keywords)),
      globalNames: new Set(Object.keys(config.globals)),
    });
    assertNoShellCommand(scenario);
    // Media files resolve against the process's working directory, then the scenario's folder
    // (media/media-files.ts): the two places a file of this scenario may be.
    assertMediaInside(scenario, process.cwd(), dirname(fileName));
    return withDefaultLoss(scenario, config.lostPercent);
  } catch (err) {
    if (err instanceof GossipperError) throw new ApiError(400, err.message);
    throw err;
  }
}

/**
 * `<exec command="...">` runs a shell command on this host. A scenario that arrives over the API,
 * that the API re-reads, or that a `POST /clients` body names may not hold one: the API's users
 * would otherwise run anything as the server's user (a file they named, such as an -error_file
 * quoting a peer's message, can be made to hold a scenario: text around the root is tolerated).
 * A scenario given at start (-sf) still may: that is the operator's file.
 */
export function assertNoShellCommand(scenario: Scenario): void {
  for (const command of [...scenario.init, ...scenario.commands]) {
    const exec = command.actions.find((a) => a.name === 'exec' && a.attrs.command !== undefined);
    if (exec === undefined) continue;
    const { file, line, column } = exec.pos;
    throw new ApiError(
      400,
      `${file}:${line}:${column} <exec command>: shell commands are refused in scenarios ` +
        'applied or started over the API (they would run on this host); load such a scenario ' +
        'with -sf at start',
    );
  }
}

/** Refuses (409) what the engine cannot take live: another mode, an engine without hot reload. */
export function assertApplicable(engine: ManagedEngine, scenario: Scenario): void {
  const run = engine.run;
  if (run.replaceScenario === undefined)
    throw new ApiError(409, 'this engine cannot swap its scenario live (-threads > 1)');
  if (run.state === 'done') throw new ApiError(409, 'the engine has stopped');
  if (scenario.mode !== run.scenario.mode) {
    throw new ApiError(
      409,
      `the scenario is a ${scenario.mode} scenario but engine "${engine.id}" runs a ` +
        `${run.scenario.mode} one; changing mode needs a restart`,
    );
  }
}

/** Hot reload; the engine's own refusal (an action it cannot run) is a 400 naming it. */
export function applyScenario(engine: ManagedEngine, scenario: Scenario): void {
  assertApplicable(engine, scenario);
  try {
    engine.run.replaceScenario?.(scenario);
  } catch (err) {
    if (err instanceof GossipperError) throw new ApiError(400, err.message);
    throw err;
  }
}

/**
 * The `-sf` path PUT writes to. A built-in has none: 400, the status reference §B6 6.4 gives
 * ("400 for built-ins (no file), 409 if live apply refused").
 */
export function scenarioFilePath(engine: ManagedEngine): string {
  const source = engine.source;
  if (source.kind === 'builtin') {
    throw new ApiError(
      400,
      `the scenario is the built-in "${source.name}" (-sn), which has no file to write; ` +
        'start with -sf <file>, or POST /api/v1/scenario/apply with an XML body',
    );
  }
  return source.path;
}

/** Through output's writeFileAtomic: readers see the old file or the new one, never half. */
export async function writeScenarioFile(path: string, xml: string): Promise<void> {
  try {
    await writeFileAtomic(path, Buffer.from(xml, 'latin1'));
  } catch (err) {
    throw new ApiError(409, `${path}: cannot write the scenario file (${reason(err)})`);
  }
}

/** POST /apply with no body: the `-sf` file as it is now on disk. */
export function rereadScenarioFile(engine: ManagedEngine): { xml: string; path: string } {
  const source = engine.source;
  if (source.kind === 'builtin') {
    throw new ApiError(
      400,
      `the scenario is the built-in "${source.name}": send the XML in the body to apply another`,
    );
  }
  try {
    return { xml: readFileSync(source.path, 'latin1'), path: source.path };
  } catch (err) {
    throw new ApiError(400, `${source.path}: cannot read the scenario file (${reason(err)})`);
  }
}

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ?? (err instanceof Error ? err.message : String(err));
}
