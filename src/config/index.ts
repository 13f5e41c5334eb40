export type {
  ApiConfig,
  DefaultBehaviors,
  DynamicIdConfig,
  HostPort,
  InjectionConfig,
  RateConfig,
  ResultsConfig,
  ReconnectConfig,
  RetransConfig,
  RtpConfig,
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
