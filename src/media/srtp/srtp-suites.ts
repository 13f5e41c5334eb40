/** The SDES crypto suites Gossipper speaks (RFC 4568 §6.2): AES-CM-128 with HMAC-SHA1. */

export interface SrtpSuite {
  readonly name: 'AES_CM_128_HMAC_SHA1_80' | 'AES_CM_128_HMAC_SHA1_32';
  /** SRTP authentication tag length. */
  readonly rtpTagBytes: number;
  /** SRTCP tag: 80 bits for both suites (RFC 4568 §6.2.2: _32 shortens only SRTP's). */
  readonly rtcpTagBytes: number;
}

export const SRTP_SUITES: Readonly<Record<SrtpSuite['name'], SrtpSuite>> = {
  AES_CM_128_HMAC_SHA1_80: { name: 'AES_CM_128_HMAC_SHA1_80', rtpTagBytes: 10, rtcpTagBytes: 10 },
  AES_CM_128_HMAC_SHA1_32: { name: 'AES_CM_128_HMAC_SHA1_32', rtpTagBytes: 4, rtcpTagBytes: 10 },
};

export function srtpSuite(name: string): SrtpSuite | undefined {
  return Object.hasOwn(SRTP_SUITES, name) ? SRTP_SUITES[name as SrtpSuite['name']] : undefined;
}
