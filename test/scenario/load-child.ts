// Loads an -sf file in a child process (fixtures/load-scenario-child.ts), for loads that must not
// hang the test runner and for peak-memory checks that the runner's own heap would blur.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./fixtures/load-scenario-child.ts', import.meta.url));

export interface ChildLoad {
  readonly code: string;
  readonly message: string;
  /** Peak RSS growth across the load alone, module loading excluded. */
  readonly rssGrowthMiB: number;
}

export interface ChildLoadOptions {
  /** Read the file whole and load its text, past the -sf size cap: the XML checks alone. */
  readonly asText?: boolean;
}

/** Fails (rather than waits) when the child has not finished within `timeoutMs`. */
export function loadInChild(
  path: string,
  timeoutMs: number,
  options: ChildLoadOptions = {},
): ChildLoad {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', CHILD, path, options.asText ? 'text' : 'file'],
    {
      encoding: 'utf8',
      timeout: timeoutMs,
    },
  );
  if (child.signal !== null || child.status !== 0) {
    throw new Error(
      `loading ${path} did not finish within ${timeoutMs} ms ` +
        `(signal ${child.signal}, status ${child.status}): ${child.stderr}`,
    );
  }
  const { code, message, beforeKiB, afterKiB } = JSON.parse(child.stdout) as {
    code: string;
    message: string;
    beforeKiB: number;
    afterKiB: number;
  };
  return { code, message, rssGrowthMiB: (afterKiB - beforeKiB) / 1024 };
}
