/**
 * Contract of a received SIP message (implemented in parser.ts). The parser scans the Buffer once
 * for line offsets; everything else is sliced on demand and cached, so matching a message by
 * Call-ID + CSeq + status costs no header objects and no regex.
 */
export interface SipMessage {
  /** The bytes as received (one datagram / one framed stream message). */
  readonly raw: Buffer;
  readonly isRequest: boolean;
  /** Request method as written (`INVITE`); '' for responses. */
  readonly method: string;
  /** Status code for responses; 0 for requests. */
  readonly statusCode: number;
  /** Request-URI for requests; '' for responses. */
  readonly requestUri: string;
  /** The start line without CRLF. */
  readonly startLine: string;

  /** Call-ID value (long or compact `i` form); '' when absent. */
  callId(): string;
  /** Numeric part of CSeq; NaN when absent or malformed. */
  cseqNumber(): number;
  /** Method part of CSeq; '' when absent. */
  cseqMethod(): string;
  /** `branch` parameter of the top Via; '' when absent. */
  viaBranch(): string;
  /** `tag` parameter of To; '' when absent. */
  toTag(): string;
  /** Whether a To header (long or compact `t` form) is there at all. */
  hasTo(): boolean;
  /** `tag` parameter of From; '' when absent. */
  fromTag(): string;
  /** First value of a header; name is case-insensitive and compact forms are accepted both ways. */
  header(name: string): string | undefined;
  /** Every value of a header in order (each occurrence one entry; comma lists are not split). */
  headerValues(name: string): string[];
  /**
   * SIPp's `[last_Name:]`: `Name: v1, v2` with the name spelled as in the message (first
   * occurrence), all occurrences joined by `, `; undefined when absent.
   */
  headerLine(name: string): string | undefined;
  /**
   * Where headerLine(name) stands in `raw` when it is one run of bytes there (a single, unfolded
   * occurrence written `Name:` then the value, the whitespace between kept as received, as SIPp
   * copies it): start × 65536 + length; -1 otherwise. Lets a renderer
   * copy the bytes instead of building a string.
   */
  headerLineSpan(name: string): number;
  /** Bytes after the blank line (bounded by Content-Length when present). */
  body(): Buffer;
}

/** Why a datagram was rejected; counted and traced by the engine, never thrown. */
export interface SipParseFailure {
  readonly reason: string;
}
