export { parseScenarioFlags, type ParsedFlags } from './parse-flags.ts';
export { FLAG_GROUPS, FLAG_NAMES, FLAG_TABLE, findFlag } from './flag-table.ts';
export type {
  ArgKind,
  AvailableFlag,
  EarlyExit,
  FlagContext,
  FlagGroupId,
  FlagSpec,
  TimeUnit,
  UnavailableFlag,
} from './flag-types.ts';
export {
  parseBoolValue,
  parseFloatValue,
  parseHostPort,
  parsePort,
  parseStrtolInt,
  parseTimeMs,
} from './value-parsers.ts';
export { parseDefaultBehaviors } from './default-behaviors.ts';
export { closestName } from '../did-you-mean.ts';
export {
  buildInfoText,
  rootHelpText,
  sippEntrySummaryText,
  sippHelpText,
  sippVersionBanner,
} from './help-text.ts';
export { serverHelpText } from './server-help.ts';
export { DEFAULT_API_ADDR, parseApiAddr } from './flags-server.ts';
export { INTERACTIVE_FLAGS, SUBCOMMANDS, findSubcommand, type Subcommand } from './subcommands.ts';
export { exitCodeForError, reportError } from './error-report.ts';
export { assertBuiltinExists, builtinXmlFor } from './builtin-scenarios.ts';
export {
  expandProfile,
  oneShotProfileArgs,
  profileHelpText,
  takeProfileFlags,
} from './profile-flags.ts';
export type { ExpandedProfile, ProfileFlags } from './profile-flags.ts';
