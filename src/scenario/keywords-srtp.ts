/**
 * `[srtp_crypto]` and `[srtp_crypto suite=AES_CM_128_HMAC_SHA1_32]`: the call's SDES
 * `a=crypto:` line (RFC 4568), one key per call, made by src/media/ (docs/media.md, "SRTP").
 * Rendered empty, its line swallowed, where a call has no media.
 */
import { didYouMean } from '../did-you-mean.ts';
import type { KeywordSpec } from './keyword-spec.ts';
import type { KeywordText } from './keyword-syntax.ts';
import type { ErrorCode } from '../errors.ts';

/** RFC 4568 §6.2 suites src/media/srtp/ implements. */
const SUITES = ['AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'];

const SRTP_CRYPTO: KeywordSpec = {
  resolve: (src, slot) => src.srtpCrypto?.(slot.params.suite ?? '') ?? '',
  swallowsLineBreak: true,
};

export function srtpCryptoKeyword(
  kw: KeywordText,
): { readonly spec: KeywordSpec } | { readonly error: string; readonly code: ErrorCode } {
  for (const [p, v] of Object.entries(kw.params)) {
    if (p !== 'suite')
      return {
        error: `[srtp_crypto]: unknown parameter "${p}"${didYouMean(p, ['suite'])}`,
        code: 'SCENARIO_INVALID',
      };
    if (!SUITES.includes(v))
      return {
        error: `[srtp_crypto]: suite "${v}" is not one Gossipper keys (${SUITES.join(', ')})`,
        code: 'SCENARIO_INVALID',
      };
  }
  return { spec: SRTP_CRYPTO };
}
