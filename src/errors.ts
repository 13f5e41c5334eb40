/**
 * Every failure a user can see carries a stable `code` (listed in docs/errors.md) so callers
 * classify by code, never by message text.
 */
export type ErrorCode =
  | 'FLAG_UNKNOWN'
  | 'FLAG_UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'FLAG_VALUE'
  | 'FLAG_MISSING_VALUE'
  | 'SUBCOMMAND_AFTER_SIPP'
  | 'SUBCOMMAND_UNAVAILABLE'
  | 'SHELL_INPUT'
  | 'SCENARIO_XML'
  | 'SCENARIO_INVALID'
  | 'SCENARIO_NOT_FOUND'
  | 'SCENARIO_TOO_LARGE'
  | 'KEYWORD_UNKNOWN'
  | 'REMOTE_UNRESOLVABLE'
  | 'REMOTE_MISSING'
  | 'TRANSPORT_UNAVAILABLE'
  | 'LOCAL_IP_INVALID'
  | 'BIND_FAILED'
  | 'FILE_IO'
  | 'CAPTURE_INVALID'
  | 'CAPTURE_UNUSABLE'
  | 'MEDIA_INVALID'
  | 'CHROMIUM_NOT_FOUND'
  | 'REPORT_ASSET_MISSING'
  | 'USER_INVALID'
  | 'USER_NOT_FOUND'
  | 'USER_EXISTS'
  | 'API_UNPROTECTED'
  | 'RUN_FATAL';

export class GossipperError extends Error {
  readonly code: ErrorCode;
  readonly hint?: string;
  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'GossipperError';
    this.code = code;
    this.hint = hint;
  }
}

/**
 * Malformed scenario XML or an invalid scenario: message starts with `file:line:col <element>:`.
 */
export class ScenarioError extends GossipperError {
  constructor(message: string, hint?: string, code: ErrorCode = 'SCENARIO_INVALID') {
    super(code, message, hint);
    this.name = 'ScenarioError';
  }
}

export class FlagError extends GossipperError {
  constructor(
    code:
      'FLAG_UNKNOWN' | 'FLAG_UNAVAILABLE' | 'FLAG_VALUE' | 'FLAG_MISSING_VALUE' | 'CONFIG_INVALID',
    message: string,
    hint?: string,
  ) {
    super(code, message, hint);
    this.name = 'FlagError';
  }
}
