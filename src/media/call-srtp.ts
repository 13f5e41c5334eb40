/**
 * SDES SRTP of one call (docs/media.md, "SRTP"): our `a=crypto` line, rendered once per call by
 * `[srtp_crypto]`, and what the last remote SDP said about SRTP. From both, with the run's
 * policy, `settle` decides whether the call's media is cleartext, SRTP (one context per
 * direction: ours keys what we send, the peer's what arrives), or refused with a reason.
 */
import { randomBytes } from 'node:crypto';
import { GossipperError } from '../errors.ts';
import type { SrtpPolicy } from '../config/index.ts';
import {
  formatCryptoLine,
  KEY_AND_SALT_BYTES,
  readSdpSecurity,
  SRTP_SUITES,
  SrtpContext,
  srtpSuite,
  type SdesCrypto,
  type SdpSecurity,
} from './srtp/index.ts';

/** The two directions of a call's SRTP. */
export interface SrtpPair {
  readonly tx: SrtpContext;
  readonly rx: SrtpContext;
}

export class CallSrtp {
  /** Our crypto line's key, made when `[srtp_crypto]` first renders for the call. */
  local: SdesCrypto | null = null;
  /** What the last SDP received said about SRTP; null before one. */
  remote: SdpSecurity | null = null;
  /** Why the call cannot key SRTP, found while rendering (no offered suite matches). */
  renderFailure: string | null = null;
  /** The contexts in use and the remote key they were made for. */
  pair: SrtpPair | null = null;
  private pairRemoteKey: Buffer | null = null;
  /** Packets arrived that could not be let through: said once per call. */
  hasWarned = false;

  /** `label`: the call as warnings name it (`call 3 (Call-ID)`). */
  constructor(readonly label = '') {}

  /** A received SDP: what it asks of SRTP (kept until the next one). */
  noteSdp(sdp: string): void {
    this.remote = readSdpSecurity(sdp);
  }

  /**
   * `[srtp_crypto]`: our `a=crypto:` line. Answering an offer with crypto lines it takes the
   * first we support (of `suiteName` when given), echoing its tag; offering, tag 1 of
   * `suiteName` (default AES_CM_128_HMAC_SHA1_80). The key is drawn once per call from the
   * system's random source (never the seeded one: a replayable key would be no key).
   */
  cryptoLine(suiteName: string): string {
    if (this.local === null) {
      const wanted = suiteName === '' ? undefined : srtpSuite(suiteName);
      const offered = this.remote?.cryptos ?? [];
      if (offered.length > 0) {
        const pick = offered.find((c) => wanted === undefined || c.suite === wanted);
        if (pick === undefined) {
          this.renderFailure = `the remote SDP offers no a=crypto with ${suiteName} (offered: ${offered.map((c) => c.suite.name).join(', ')})`;
          return '';
        }
        this.local = {
          tag: pick.tag,
          suite: pick.suite,
          keyAndSalt: randomBytes(KEY_AND_SALT_BYTES),
        };
      } else {
        const suite = wanted ?? SRTP_SUITES.AES_CM_128_HMAC_SHA1_80;
        this.local = { tag: 1, suite, keyAndSalt: randomBytes(KEY_AND_SALT_BYTES) };
      }
    }
    return formatCryptoLine(this.local);
  }

  /**
   * The call's SRTP contexts, null for cleartext; throws MEDIA_INVALID when the call's media
   * must not flow (refused by policy, SRTP offered unasked, asked and not answered, no usable
   * crypto line).
   */
  settle(policy: SrtpPolicy): SrtpPair | null {
    const remote = this.remote;
    if (this.renderFailure !== null) throw srtpError(this.renderFailure);
    if (remote === null || !remote.asksSrtp) {
      if (this.local === null) return null;
      throw srtpError(
        `SRTP required (our SDP carried [srtp_crypto]) but the remote SDP has no a=crypto (profile ${remote?.profile || 'none'})`,
      );
    }
    const what = describe(remote);
    if (policy === 'reject')
      throw srtpError(`SRTP refused (-media_reject_srtp): the remote SDP offers ${what}`);
    if (this.local === null) {
      throw srtpError(
        policy === 'use'
          ? `SRTP offered (${what}) but our SDP carried no a=crypto: put [srtp_crypto] on the SDP we send`
          : `SRTP offered by the remote SDP (${what}) and this run did not ask for it: use -media_srtp (with [srtp_crypto] in our SDP) or -media_reject_srtp`,
      );
    }
    const local = this.local;
    const theirs = remote.cryptos.find((c) => c.tag === local.tag && c.suite === local.suite);
    if (theirs === undefined) {
      const why =
        remote.cryptos.length > 0
          ? `its a=crypto lines (${remote.cryptos.map((c) => `${c.tag} ${c.suite.name}`).join(', ')}) do not match ours (${local.tag} ${local.suite.name})`
          : remote.hasFingerprint && remote.unusable.length === 0
            ? 'it keys DTLS-SRTP (a=fingerprint), which [srtp_crypto] does not: answer it with [webrtc_answer]'
            : `it has no a=crypto line we can use${remote.unusable.length > 0 ? ` (${remote.unusable.join('; ')})` : ''}`;
      throw srtpError(`SRTP cannot be keyed with the remote SDP: ${why}`);
    }
    if (this.pair === null || !this.pairRemoteKey!.equals(theirs.keyAndSalt)) {
      this.pair = {
        tx: new SrtpContext(local.suite, local.keyAndSalt),
        rx: new SrtpContext(theirs.suite, theirs.keyAndSalt),
      };
      this.pairRemoteKey = theirs.keyAndSalt;
    }
    return this.pair;
  }
}

function describe(remote: SdpSecurity): string {
  const parts: string[] = [];
  if (remote.profile !== '') parts.push(`m=audio profile ${remote.profile}`);
  const lines = remote.cryptos.length + remote.unusable.length;
  if (lines > 0) parts.push(`${lines} a=crypto line${lines > 1 ? 's' : ''}`);
  if (remote.hasFingerprint) parts.push('a=fingerprint');
  return parts.join(', ');
}

function srtpError(text: string): GossipperError {
  return new GossipperError('MEDIA_INVALID', text);
}
