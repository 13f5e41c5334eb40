/** Public surface of scenario/: load SIPp XML scenarios, compile and render message templates. */
export type * from './model.ts';
export { loadScenarioFile, loadScenarioXml, type LoadScenarioOptions } from './load-scenario.ts';
export { MAX_SCENARIO_FILE_BYTES } from './scenario-file.ts';
export { MAX_ELEMENT_DEPTH, MAX_ELEMENTS } from './streaming-checks.ts';
export {
  TemplateRenderer,
  compileKeywordText,
  compileTemplate,
  renderTemplate,
  type CompileTemplateOptions,
} from './template.ts';
export { specializeTemplate } from './template-specialize.ts';
export {
  BUILTIN_SCENARIO_NAMES,
  builtinScenarioXml,
  loadBuiltinScenario,
} from './builtins/index.ts';
export { FIXED_KEYWORDS, lookupKeyword, type KeywordLookup, type KeywordSpec } from './keywords.ts';
export { bracketIPv6 } from './keywords-run.ts';
export { scenarioUsesWebRtc, webrtcRoleOf } from './keywords-webrtc.ts';
export { distributionText } from './action-distribution.ts';
export { compilePosixEre, posixEreToJs, PosixRegexError } from './action-posix-regex.ts';
