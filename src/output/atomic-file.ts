/**
 * Writes a whole file so that a reader sees the old content or the new, never half of it: into
 * a temporary file beside it (same directory, so the same file system), flushed, then renamed
 * over the target. A failure leaves the target as it was and removes the temporary file.
 */
import { rm, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let written = 0;

export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${++written}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx', flush: true });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
