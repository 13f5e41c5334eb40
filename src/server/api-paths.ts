/**
 * File paths that arrive over the API stay inside the server's working directory. A
 * `POST /api/v1/clients` body names files (`scenario_file`, `injection_file`, `summary_json`,
 * and any path flag in `extra_args`): unchecked, an operator could read any file the server can
 * (an injection file's rows are sent to a remote address the body also chooses) or overwrite one
 * (a summary written over ~/.ssh/authorized_keys). Paths resolve against the working directory
 * and must stay under it, symbolic links followed: `..`, an absolute path elsewhere, or a link
 * that leads out is refused with 400 before anything is opened.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { runConfigPaths } from '../config/index.ts';
import type { RunConfig } from '../config/index.ts';
import { mediaFileNames } from '../media/index.ts';
import type { Scenario } from '../scenario/index.ts';
import { ApiError } from './api-error.ts';

/** The path with its longest existing prefix's symbolic links resolved (the rest as written). */
function realPathOf(path: string): string {
  let existing = path;
  for (;;) {
    try {
      return resolve(realpathSync(existing), relative(existing, path));
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      existing = parent;
    }
  }
}

/** True when `path` is `baseDir` or below it, after symbolic links. */
export function isInside(baseDir: string, path: string): boolean {
  const base = realPathOf(resolve(baseDir));
  const rel = relative(base, realPathOf(resolve(baseDir, path)));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Refuses (400) a config naming a file outside `baseDir`; `where` names the request. */
export function assertPathsInside(config: RunConfig, baseDir: string, where: string): void {
  for (const { flag, path } of runConfigPaths(config)) {
    if (isInside(baseDir, path)) continue;
    throw new ApiError(
      400,
      `${where}: ${flag} ${path} is outside the server's directory ${baseDir}; files named ` +
        'over the API must be under it (docs/security.md)',
    );
  }
}

/**
 * Refuses (400) a scenario from the API whose media actions name a file outside `baseDir` (and
 * outside `scenarioDir`, where media-files.ts also looks), or name one through a keyword, whose
 * path no check can see before a call runs it.
 */
export function assertMediaInside(
  scenario: Scenario,
  baseDir: string,
  scenarioDir: string | undefined,
): void {
  for (const { action, attr, file, isDynamic } of mediaFileNames(scenario)) {
    const { file: where, line, column } = action.pos;
    const at = `${where}:${line}:${column} <exec ${attr}="${file}">`;
    if (isDynamic)
      throw new ApiError(
        400,
        `${at}: a media file named through a keyword is refused in scenarios from the API ` +
          '(its path is known only when a call runs it); name the file literally',
      );
    const dirs = scenarioDir === undefined ? [baseDir] : [baseDir, scenarioDir];
    if (dirs.some((dir) => isInside(dir, file))) continue;
    throw new ApiError(
      400,
      `${at}: the file is outside the server's directory ${baseDir}; media files of scenarios ` +
        'from the API must be under it (docs/security.md)',
    );
  }
}
