/**
 * SDES keying in SDP (RFC 4568): `a=crypto:<tag> <suite> inline:<base64 key||salt>[|lifetime]
 * [|MKI:length]` lines of the first m=audio section, and whether an SDP asks for SRTP at all
 * (an SRTP profile, a crypto line, or a DTLS fingerprint). Text scanning, as sdp-media.ts.
 */
import { MASTER_KEY_BYTES, MASTER_SALT_BYTES } from './session-keys.ts';
import { srtpSuite, type SrtpSuite } from './srtp-suites.ts';

export const KEY_AND_SALT_BYTES = MASTER_KEY_BYTES + MASTER_SALT_BYTES;

export interface SdesCrypto {
  readonly tag: number;
  readonly suite: SrtpSuite;
  /** The 30 bytes of `inline:` (master key then master salt). */
  readonly keyAndSalt: Buffer;
}

export interface SdpSecurity {
  /** Transport profile of the first m=audio line (`RTP/AVP`, `RTP/SAVP`, ...); '' without one. */
  readonly profile: string;
  /** Crypto lines of the first m=audio we can use, in the offer's order of preference. */
  readonly cryptos: readonly SdesCrypto[];
  /** Crypto lines we cannot use, as written (unknown suite, MKI, bad key), for error text. */
  readonly unusable: readonly string[];
  /** An `a=fingerprint` line: DTLS-SRTP keying, which SDES does not cover. */
  readonly hasFingerprint: boolean;
  /** The SDP asks for SRTP in any of those ways. */
  readonly asksSrtp: boolean;
}

const SRTP_PROFILE = /(^|\/)SAVPF?$/;

/** What an SDP says about SRTP; only its first m=audio section's media lines are read. */
export function readSdpSecurity(sdp: string): SdpSecurity {
  let profile = '';
  let inAudio = false;
  let audioSeen = false;
  let hasFingerprint = false;
  const cryptos: SdesCrypto[] = [];
  const unusable: string[] = [];
  for (const raw of sdp.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('m=')) {
      const [kind, , proto] = line.slice(2).trim().split(/\s+/);
      inAudio = kind === 'audio' && !audioSeen;
      if (inAudio) {
        audioSeen = true;
        profile = proto ?? '';
      }
    } else if (line.startsWith('a=fingerprint:')) hasFingerprint = true;
    else if (inAudio && line.startsWith('a=crypto:')) {
      const got = parseCryptoLine(line);
      if (got === null) unusable.push(line);
      else cryptos.push(got);
    }
  }
  const asksSrtp =
    SRTP_PROFILE.test(profile) || cryptos.length > 0 || unusable.length > 0 || hasFingerprint;
  return { profile, cryptos, unusable, hasFingerprint, asksSrtp };
}

/** One `a=crypto:` line; null when its suite, key or parameters are not ones we can use. */
export function parseCryptoLine(line: string): SdesCrypto | null {
  const m = /^a=crypto:(\d{1,9})\s+(\S+)\s+inline:([A-Za-z0-9+/=]+)(\|[^\s]*)?/.exec(line.trim());
  if (m === null) return null;
  const suite = srtpSuite(m[2]);
  if (suite === undefined) return null;
  // A lifetime (`|2^31`) is accepted and not enforced; an MKI (`|1:4`) would put MKI bytes in
  // every packet, which we do not send.
  const params = (m[4] ?? '').split('|').filter((p) => p !== '');
  if (params.some((p) => p.includes(':'))) return null;
  const keyAndSalt = Buffer.from(m[3], 'base64');
  if (keyAndSalt.length !== KEY_AND_SALT_BYTES) return null;
  return { tag: Number(m[1]), suite, keyAndSalt };
}

/** Our `a=crypto:` line (without the line break). */
export function formatCryptoLine(crypto: SdesCrypto): string {
  return `a=crypto:${crypto.tag} ${crypto.suite.name} inline:${crypto.keyAndSalt.toString('base64')}`;
}
