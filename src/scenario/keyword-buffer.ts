/**
 * SIPp 3.6.1's handling of a `[` that a second `[` follows before any `]` (message.cpp,
 * SendingMessage): the text from the first `[` up to the second is copied into the keyword
 * buffer without a terminator and printed from there, so what reaches the wire is that text
 * followed by whatever the previous keyword left in the buffer past it; the keyword itself starts
 * at the second `[`, and the copied text lands after the keyword's value. Measured with sipp
 * 3.6.1: `X: a[b [call_number] c` after a `[call_id]` sends `X: a1[b l_id c`.
 *
 * The buffer is a stack array that each keyword of one message overwrites; its content before
 * the first keyword is unknown in SIPp, taken as zeros here.
 */
const KEYWORD_SIZE = 256;

export class KeywordBuffer {
  private readonly bytes: string[] = new Array<string>(KEYWORD_SIZE + 1).fill('\0');

  /** A keyword was parsed: `inner` is its text, `kept` how much of it survives its offset. */
  noteKeyword(inner: string, kept: number): void {
    this.write(inner);
    if (inner.length <= KEYWORD_SIZE) this.bytes[inner.length] = '\0';
    if (kept < inner.length) this.bytes[kept] = '\0';
  }

  /** The literal SIPp emits for `skipped` (from the first `[` up to the second, excluded). */
  reopenLiteral(skipped: string): string {
    this.write(skipped);
    const end = this.bytes.indexOf('\0');
    return this.bytes.slice(0, end === -1 ? this.bytes.length : end).join('');
  }

  /** Longest text SIPp copies without overrunning its buffer. */
  static get maxLength(): number {
    return KEYWORD_SIZE;
  }

  private write(text: string): void {
    const n = Math.min(text.length, KEYWORD_SIZE);
    for (let i = 0; i < n; i++) this.bytes[i] = text[i];
  }
}
