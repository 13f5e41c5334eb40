/**
 * Reads a run's injection files (`-inf`), builds the `-infindex` maps and checks the USER files
 * against `-users`. Errors read like SIPp's and exit as SIPp does: a file problem before the
 * scenario runs exits 1; a USER file shorter than the users exits 255.
 */
import { readFileSync } from 'node:fs';
import type { Buffer } from 'node:buffer';
import type { InjectionConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import { InjectionFile, tooFewLines } from './injection-file.ts';
import { InjectionSet } from './injection-set.ts';

export interface InjectionFileSpec {
  /** The name as written after `-inf`: the key of `file=` in keywords and actions. */
  readonly name: string;
  /** Where to read it (the name resolved against the working directory). */
  readonly path: string;
}

export interface InjectionIndexSpec {
  /** `-infindex <file> <field>`: the file's name as given to -inf. */
  readonly file: string;
  readonly field: number;
}

export interface InjectionLoadOptions {
  readonly files: readonly InjectionFileSpec[];
  readonly indexes?: readonly InjectionIndexSpec[];
  /** `-users N`; undefined outside users mode. */
  readonly users?: number;
  /** `-key` names, which a field's own keywords may use. */
  readonly userKeywords?: ReadonlySet<string>;
  /** `-threads`: this shard's share of SEQUENTIAL lines (InjectionConfig.sequentialShard). */
  readonly sequentialShard?: { readonly index: number; readonly count: number };
  /** Reads a file (tests pass their own); default fs.readFileSync. */
  readonly readFile?: (path: string) => Buffer;
}

function readInjectionFile(spec: InjectionFileSpec, read: (path: string) => Buffer): Buffer {
  try {
    return read(spec.path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : (err as Error).message;
    throw new GossipperError(
      'CONFIG_INVALID',
      `unable to open file ${spec.name} (${why})`,
      '-inf names a CSV injection file, relative to the working directory',
    );
  }
}

/** Loads every file of `options`; throws GossipperError naming the file and the problem. */
export function loadInjection(options: InjectionLoadOptions): InjectionSet {
  const read = options.readFile ?? ((path: string) => readFileSync(path));
  const files = options.files.map((spec) =>
    InjectionFile.parse(spec.name, readInjectionFile(spec, read)),
  );
  const shard = options.sequentialShard;
  if (shard !== undefined && shard.count > 1) {
    for (const file of files) file.setSequentialShard(shard.index, shard.count);
  }
  const set = new InjectionSet(files, options.userKeywords);
  for (const ix of options.indexes ?? []) {
    const file = set.file(ix.file);
    if (file === undefined) {
      throw new GossipperError(
        'CONFIG_INVALID',
        `could not find file for -infindex: ${ix.file}`,
        `-infindex names a file exactly as given to -inf (${options.files.map((f) => f.name).join(', ')})`,
      );
    }
    file.buildIndex(ix.field);
  }
  const users = options.users;
  if (users !== undefined) {
    for (const file of files) {
      if (file.mode === 'user' && users > file.lineCount)
        throw tooFewLines(file.name, file.lineCount, users);
    }
  }
  return set;
}

/** The run's injection files from its RunConfig slice; undefined when no -inf was given. */
export function loadRunInjection(config: {
  readonly injection: InjectionConfig;
  readonly users?: number;
  readonly keywords: Readonly<Record<string, string>>;
}): InjectionSet | undefined {
  if (config.injection.files.length === 0) return undefined;
  return loadInjection({
    files: config.injection.files,
    indexes: config.injection.indexes,
    sequentialShard: config.injection.sequentialShard,
    users: config.users,
    userKeywords: new Set(Object.keys(config.keywords)),
  });
}
