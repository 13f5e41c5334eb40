export type {
  ApiConfig,
  DefaultBehaviors,
  DynamicIdConfig,
  HepConfig,
  HostPort,
  InternalAuthConfig,
  InjectionConfig,
  RateConfig,
  ResultsConfig,
  ReconnectConfig,
  RetransConfig,
  RtpConfig,
  SrtpPolicy,
  RunConfig,
  ScenarioSource,
  ThreePccConfig,
  TraceConfig,
  TransportConfig,
  TlsConfig,
  StreamLimitsConfig,
  WebSocketConfig,
  WatchdogConfig,
} from './run-config.ts';
export type { SocketMode, TransportName } from '../transport/index.ts';
export { defaultRunConfig } from './run-config.ts';
export { validateRunConfig } from './validate-run-config.ts';
export { runConfigPaths } from './run-config-paths.ts';
export type { ConfigPath } from './run-config-paths.ts';
export { isProfileObject, profileArgs, profileError } from './profile-keys.ts';
export type { ProfileArgs, ProfileBody, ProfileRole } from './profile-keys.ts';
export {
  MAX_PROFILES,
  aliasNames,
  engineProfiles,
  isComposite,
  readProfileFile,
  selectProfile,
} from './profile-file.ts';
export type { EngineProfile, ProfileFile } from './profile-file.ts';
export { assertDistinctBinds } from './engine-binds.ts';
export type { EngineBind } from './engine-binds.ts';
