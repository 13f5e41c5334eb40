/**
 * Gossipper's SRTP policy flags (not SIPp's: its Debian build has no SRTP). Listed in the RTP
 * section of `-h`; what they do is in docs/media.md, "SRTP".
 */
import { FlagError } from '../errors.ts';
import type { SrtpPolicy } from '../config/index.ts';
import type { FlagContext, FlagSpec } from './flag-types.ts';

function setPolicy(ctx: FlagContext, policy: SrtpPolicy, other: string): void {
  if (ctx.seen.has(other)) {
    throw new FlagError(
      'FLAG_VALUE',
      '-media_srtp and -media_reject_srtp cannot be used together',
      'use SRTP when the peer offers it (-media_srtp) or refuse it (-media_reject_srtp)',
    );
  }
  ctx.config.rtp.srtpPolicy = policy;
}

export const SRTP_FLAGS: readonly FlagSpec[] = [
  {
    name: 'media_srtp',
    group: 'media',
    available: true,
    kind: 'none',
    help: 'Gossipper: use SDES SRTP (a=crypto) for a call whose SDP asks for it; our SDP carries [srtp_crypto]',
    apply: (ctx) => setPolicy(ctx, 'use', 'media_reject_srtp'),
  },
  {
    name: 'media_reject_srtp',
    group: 'media',
    available: true,
    kind: 'none',
    help: 'Gossipper: fail the media actions of a call whose remote SDP asks for SRTP (counted as failed media)',
    apply: (ctx) => setPolicy(ctx, 'reject', 'media_srtp'),
  },
];
