/**
 * Run profiles on the command line (reference §B8): `-config F.json`, `-run-alias NAME` and
 * `-list-aliases` are taken out of argv before the flag parser sees it; the profile's keys become
 * flag tokens placed before the command line's own, so the one flag parser builds the RunConfig
 * and the merge order is defaults → JSON → `extra_args` → argv (last wins).
 */
import {
  aliasNames,
  engineProfiles,
  profileError,
  readProfileFile,
  selectProfile,
} from '../config/index.ts';
import type { EngineProfile } from '../config/index.ts';
import { FlagError } from '../errors.ts';
import { HELP_WIDTH, wrapText } from './text-wrap.ts';

export interface ProfileFlags {
  readonly file?: string;
  readonly alias?: string;
  readonly listAliases: boolean;
  /** argv without the three profile flags. */
  readonly rest: string[];
}

export function takeProfileFlags(argv: readonly string[]): ProfileFlags {
  const rest: string[] = [];
  let file: string | undefined;
  let alias: string | undefined;
  let listAliases = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-config' || token === '-run-alias') {
      const value = argv[i + 1];
      if (value === undefined)
        throw new FlagError(
          'FLAG_MISSING_VALUE',
          `${token} needs a value`,
          'see gossipper profile',
        );
      if (token === '-config') file = value;
      else alias = value;
      i++;
    } else if (token === '-list-aliases') listAliases = true;
    else rest.push(token);
  }
  if (file === undefined && (alias !== undefined || listAliases)) {
    const flag = alias !== undefined ? '-run-alias' : '-list-aliases';
    throw new FlagError(
      'FLAG_MISSING_VALUE',
      `${flag} needs -config <file.json>`,
      'see gossipper profile',
    );
  }
  return { file, alias, listAliases, rest };
}

export type ExpandedProfile =
  | { readonly kind: 'list-aliases'; readonly names: string[] }
  | { readonly kind: 'engines'; readonly engines: EngineProfile[]; readonly rest: string[] };

/**
 * The engines argv describes: with -config, the file's (one for a flat profile or an alias, a
 * server and clients for the composite layout); without, one engine of argv alone.
 */
export function expandProfile(argv: readonly string[], cwd: string): ExpandedProfile {
  const flags = takeProfileFlags(argv);
  if (flags.file === undefined) {
    const only: EngineProfile = { id: 'primary', isPrimary: true, args: [], where: 'argv' };
    return { kind: 'engines', engines: [only], rest: flags.rest };
  }
  const file = readProfileFile(flags.file, cwd);
  if (flags.listAliases) return { kind: 'list-aliases', names: aliasNames(file) };
  const body = selectProfile(file, flags.alias);
  const name = flags.alias === undefined ? file.name : `${file.name} alias "${flags.alias}"`;
  return { kind: 'engines', engines: engineProfiles(body, file.dir, name), rest: flags.rest };
}

/** One-shot path: a single engine; the composite layout needs `gossipper server`. */
export function oneShotProfileArgs(argv: readonly string[], cwd: string): ExpandedProfile {
  const expanded = expandProfile(argv, cwd);
  if (expanded.kind === 'engines' && expanded.engines[0].auth !== undefined) {
    throw profileError(
      expanded.engines[0].where,
      '"auth" (internal users of the API) is read by gossipper server -config only',
    );
  }
  if (expanded.kind === 'engines' && expanded.engines.length > 1) {
    throw profileError(
      expanded.engines[0].where,
      'a composite profile (server + clients) runs several engines: use gossipper server -config',
    );
  }
  return expanded;
}

/** `gossipper profile`: the run-profile flags (it loads no JSON). */
export function profileHelpText(): string {
  const para = (text: string): string[] => wrapText(text, HELP_WIDTH, '  ', '  ');
  return [
    '',
    'Run profiles: JSON presets for the scenario flags',
    '',
    '  -config <file.json>  read a profile: a flat one, an alias file, or (gossipper',
    '                       server only) the composite server + clients layout',
    '  -run-alias <name>    the alias of the file to run',
    "  -list-aliases        print the file's alias names, sorted, and exit 0",
    '',
    ...para(
      'Merge order: defaults, then the JSON keys, then its "extra_args", then the command ' +
        "line's own flags (the last one wins). Relative paths in the JSON resolve against the " +
        "JSON file's directory. Unknown keys, and the reference's keys for features this " +
        'version lacks, are refused by name.',
    ),
    '',
    '  gossipper -config lab.json -run-alias smoke',
    '  gossipper -config lab.json -list-aliases',
    '  gossipper server -config examples/hybrid.json',
    '',
    ...para('Keys and layouts: docs/profiles.md.'),
    '',
  ].join('\n');
}
