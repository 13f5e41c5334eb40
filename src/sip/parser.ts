/**
 * Received-message parser for the hot path. One pass over the bytes (message-scan.ts) records
 * where each header line's name and value are; strings are decoded only when asked for
 * (parsed-message.ts). Bad input yields a SipParseFailure with a short reason, never a throw.
 */
import { MessageLayout } from './message-layout.ts';
import type { SipMessage, SipParseFailure } from './message.ts';
import { lendHeaderScratch, scanMessage } from './message-scan.ts';
import { ParsedSipMessage } from './parsed-message.ts';

export { MAX_HEADER_LINES, MAX_HEADER_LINE_BYTES, MAX_MESSAGE_BYTES } from './message-scan.ts';

class ParseFailure implements SipParseFailure {
  readonly reason: string;
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** Whether parseSipMessage rejected the input. */
export function isParseFailure(x: SipMessage | SipParseFailure): x is SipParseFailure {
  return typeof (x as Partial<SipParseFailure>).reason === 'string';
}

/**
 * Parses one datagram or one framed stream message. Leading CRLFs (RFC 3261 §7.5 keep-alives)
 * are skipped; a body longer than Content-Length is cut to it (§18.3); without Content-Length
 * the body is the rest of the buffer.
 */
export function parseSipMessage(buf: Buffer): SipMessage | SipParseFailure {
  try {
    const layout = new MessageLayout();
    lendHeaderScratch(layout);
    const reason = scanMessage(buf, layout);
    if (reason !== '') return new ParseFailure(reason);
    return new ParsedSipMessage(buf, layout);
  } catch (err) {
    // Defence in depth: every path above is bounds-checked, but no throw may reach the engine.
    return new ParseFailure(
      `internal parser error: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
