/** SRTP with SDES keying (RFC 3711, RFC 4568) on node:crypto only (docs/media.md, "SRTP"). */
export { SrtpContext } from './srtp-context.ts';
export type { SrtpRefusal } from './srtp-context.ts';
export { SRTP_SUITES, srtpSuite } from './srtp-suites.ts';
export type { SrtpSuite } from './srtp-suites.ts';
export { deriveSessionKeys } from './session-keys.ts';
export type { SessionKeys } from './session-keys.ts';
export { AesCounterMode } from './aes-cm.ts';
export {
  formatCryptoLine,
  KEY_AND_SALT_BYTES,
  parseCryptoLine,
  readSdpSecurity,
} from './sdes-attribute.ts';
export type { SdesCrypto, SdpSecurity } from './sdes-attribute.ts';
