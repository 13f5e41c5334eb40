/**
 * Public surface of auth/: SIP digest authentication (RFC 7616 / 8760 MD5, SHA-256, SHA-512-256
 * and their -sess forms, qop auth and auth-int; RFC 3310 AKAv1-MD5 over Milenage), client side for
 * `[authentication]` and server side for `<verifyauth>`. Depends on node:crypto only.
 */
export { parseAuthChallenges, quoteAuthValue, type AuthChallenge } from './auth-params.ts';
export {
  digestAlgorithm,
  digestResponse,
  type DigestAlgorithm,
  type DigestInput,
} from './digest.ts';
export { milenage, milenageOpc, type MilenageOutput } from './milenage.ts';
export { akaResponse, parseAkaKey, type AkaKeys, type AkaResult } from './aka.ts';
export {
  DigestSession,
  selectChallenge,
  type RandomSource,
  type SelectedChallenge,
} from './session.ts';
export {
  authDefaultsFromText,
  buildAuthorization,
  DEFAULT_AUTH_DEFAULTS,
  fillAuthorization,
  type AuthDefaults,
  type AuthKeywordContext,
  type AuthKeywordParams,
  type AuthorizationResult,
  type AuthRequest,
} from './authorization.ts';
export { verifyAuthorization, type ReceivedRequest } from './verify.ts';
export { findAuthenticationKeyword, type AuthKeywordInText } from './keyword-text.ts';
