/**
 * Reads an `-sf` file, refusing what is not a regular file or is too big before reading it. A
 * probe read 8.8 GB of `/dev/zero` in 38 s, waited forever on a FIFO and failed on a directory
 * with a raw EISDIR (exit 255); SIPp 3.6.1 refuses `/dev/zero` and a directory at once, exit 1.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { GossipperError } from '../errors.ts';

/**
 * Largest scenario file read. SIPp 3.6.1 refuses anything over 64 KiB (xp_parser.c
 * XP_MAX_FILE_LEN; a 70 KB file fails to load, measured), so 1 MiB loads every scenario SIPp
 * does, and more: a message cannot be longer than a TCP body (1 MiB) anyway. It bounds what a
 * mistaken path can cost: at 16 MiB, the worst inputs measured (all `&`, one 16 MB CDATA, 1.4 M
 * attributes) took 470-640 MB to refuse; under 1 MiB, about 50 MB.
 */
export const MAX_SCENARIO_FILE_BYTES = 1024 * 1024;

/** First read size when fstat gives no useful size (files under /proc say 0). */
const MIN_READ_BYTES = 64 * 1024;

/** The file's bytes as latin1, so message bytes reach the wire as they are in the file. */
export function readScenarioFile(path: string): string {
  // stat first: opening a FIFO for reading blocks until some writer opens it.
  checkFileStats(path, statOrThrow(path));
  let fd: number;
  try {
    // O_NONBLOCK: should the path become a FIFO after the stat, open still returns at once.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw unreadable(path, err);
  }
  try {
    const stats = fstatSync(fd);
    checkFileStats(path, stats);
    return readAtMost(fd, path, stats.size).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw unreadable(path, err);
  }
}

function checkFileStats(path: string, stats: Stats): void {
  if (!stats.isFile()) {
    throw new GossipperError(
      'SCENARIO_NOT_FOUND',
      `${path}: ${fileKind(stats)}, not a scenario file`,
      '-sf takes the path of a scenario XML file',
    );
  }
  if (stats.size > MAX_SCENARIO_FILE_BYTES) throw tooLarge(path, `is ${stats.size} bytes`);
}

/**
 * Reads to the end but never more than the limit plus one byte: the size from fstat can be stale
 * (a file still growing) or 0 (files under /proc), so the read itself is bounded too. One buffer
 * sized from fstat, so a regular file is not copied between chunks.
 */
function readAtMost(fd: number, path: string, expectedBytes: number): Buffer {
  const capacity = (wanted: number) =>
    Math.min(Math.max(wanted, MIN_READ_BYTES), MAX_SCENARIO_FILE_BYTES + 1);
  let buffer = Buffer.allocUnsafe(capacity(expectedBytes + 1));
  let total = 0;
  for (;;) {
    if (total === buffer.length) {
      if (total > MAX_SCENARIO_FILE_BYTES) throw tooLarge(path, 'grew while being read');
      const larger = Buffer.allocUnsafe(capacity(buffer.length * 2));
      buffer.copy(larger);
      buffer = larger;
    }
    const got = readSync(fd, buffer, total, buffer.length - total, null);
    if (got === 0) return buffer.subarray(0, total);
    total += got;
  }
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory';
  if (stats.isFIFO()) return 'is a FIFO';
  if (stats.isCharacterDevice()) return 'is a character device';
  if (stats.isBlockDevice()) return 'is a block device';
  if (stats.isSocket()) return 'is a socket';
  return 'is not a regular file';
}

function unreadable(path: string, err: unknown): GossipperError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new GossipperError(
      'SCENARIO_NOT_FOUND',
      `${path}: scenario file not found`,
      'check the -sf path',
    );
  }
  const isDenied = code === 'EACCES' || code === 'EPERM';
  return new GossipperError(
    'SCENARIO_NOT_FOUND',
    `${path}: cannot read scenario file: ${isDenied ? 'permission denied' : (err as Error).message}`,
    isDenied ? "check the file's permissions" : 'check the -sf path',
  );
}

function tooLarge(path: string, what: string): GossipperError {
  const limit = `${MAX_SCENARIO_FILE_BYTES / (1024 * 1024)} MiB`;
  return new GossipperError(
    'SCENARIO_TOO_LARGE',
    `${path}: scenario file ${what}; the limit is ${limit}`,
    'check that -sf names the scenario you meant (SIPp refuses over 64 KiB)',
  );
}
