/**
 * `<exec command="...">`: SIPp runs the expanded text with system() in a double-forked child,
 * so the call never waits for it. Here: `sh -c` in a detached child whose exit we only watch
 * to report a failure. node:child_process is loaded on first use, not at module load: module
 * code is frozen into the startup snapshot, and most runs never exec anything.
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';

type Spawn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

let spawnFn: Spawn | undefined;

function loadSpawn(): Spawn {
  if (spawnFn === undefined) {
    const cp = process.getBuiltinModule(
      'node:child_process',
    ) as typeof import('node:child_process');
    spawnFn = cp.spawn;
  }
  return spawnFn;
}

/**
 * Starts `command` under `sh -c`, detached, output discarded. `onFailure` gets a sentence when
 * it cannot start or exits non-zero / by a signal; it is never thrown. Returns the child (tests
 * wait on its exit), or undefined when spawning failed synchronously.
 */
export function runShellCommand(
  command: string,
  onFailure: (text: string) => void,
): ChildProcess | undefined {
  let child: ChildProcess;
  try {
    child = loadSpawn()('/bin/sh', ['-c', command], { detached: true, stdio: 'ignore' });
  } catch (err) {
    onFailure(`exec command "${command}" could not start: ${(err as Error).message}`);
    return undefined;
  }
  child.on('error', (err) => {
    onFailure(`exec command "${command}" could not start: ${err.message}`);
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) onFailure(`exec command "${command}" was killed by ${signal}`);
    else if (code !== 0) onFailure(`exec command "${command}" exited with status ${code}`);
  });
  child.unref();
  return child;
}
