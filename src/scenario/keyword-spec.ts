/** Shape of one catalog entry; the families (keywords-*.ts) are tables of these. */
import type { KeywordResolver } from './model.ts';

export interface KeywordSpec {
  readonly resolve: KeywordResolver;
  /**
   * SIPp's line-swallow rule: when the value leaves the output at a line start (empty value after
   * a line break, or a value ending in `\n`), the whitespace that follows in the template is
   * skipped, so no empty header line appears.
   */
  readonly swallowsLineBreak?: boolean;
  /** `[media_port]`-style: only valid on an SDP `m=` line naming audio, video or image. */
  readonly isMediaPort?: boolean;
  /** `[len]`: filled after the body is laid out. */
  readonly isLen?: boolean;
  /** `[authentication]`: filled last, from the finished message (src/auth fillAuthorization). */
  readonly isAuth?: boolean;
  /**
   * `[last_Name:]`: the header whose line the renderer may copy straight from the last message's
   * bytes (SipMessage.headerLineSpan) instead of calling `resolve`.
   */
  readonly lastHeader?: string;
}
