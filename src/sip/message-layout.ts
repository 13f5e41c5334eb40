/**
 * Byte offsets of one received message, produced by a single scan in parser.ts and read by
 * ParsedSipMessage. Every field is initialised here so all instances share one hidden class.
 */
import type { StartLineFields } from './start-line.ts';

/** Number of slots per header in {@link MessageLayout.headers}. */
export const HEADER_STRIDE = 5;
/** Slot offsets inside one header's stride. */
export const NAME_START = 0;
export const NAME_END = 1;
export const VALUE_START = 2;
export const VALUE_END = 3;
/** 1 when the value spans continuation lines and must be unfolded on decode. */
export const FOLDED = 4;

const NO_HEADERS: number[] = [];

export class MessageLayout implements StartLineFields {
  isRequest = false;
  method = '';
  statusCode = 0;
  startLineStart = 0;
  startLineEnd = 0;
  requestUriStart = 0;
  requestUriEnd = 0;
  /**
   * HEADER_STRIDE numbers per header line, in message order, `slots` of them valid. Lent like
   * the received bytes: the scan writes them into a scratch array shared by every message, which
   * the next scan overwrites; read them only through message-scan.ts headerOffsets(), which copies
   * them back out of the bytes for a message read after a newer one was scanned.
   */
  headers: number[] = NO_HEADERS;
  /** Numbers in `headers` that belong to this message. */
  slots = 0;
  /**
   * Which scan filled the scratch array for this message; OWN_HEADERS once `headers` is its own.
   */
  generation = 0;
  /**
   * Index (not offset) of the first occurrence of each header the engine reads on every message.
   */
  callIdIndex = -1;
  cseqIndex = -1;
  viaIndex = -1;
  toIndex = -1;
  fromIndex = -1;
  contentLengthIndex = -1;
  cseqNumber = Number.NaN;
  cseqMethodStart = 0;
  cseqMethodEnd = 0;
  bodyStart = 0;
  bodyEnd = 0;

  get headerCount(): number {
    return this.slots / HEADER_STRIDE;
  }
}
