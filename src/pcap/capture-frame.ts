/** One link-layer frame read from a capture file, before any protocol is decoded. */
export interface CaptureFrame {
  /** Capture time in microseconds since the epoch (fractional for nanosecond captures). */
  readonly timeUs: number;
  /** The link type of the interface the frame was captured on (LINKTYPE_* numbers). */
  readonly linkType: number;
  /** The captured bytes (a view into the file's buffer, not a copy). */
  readonly data: Uint8Array;
  /** Length on the wire; larger than `data.length` when the capture was cut by its snaplen. */
  readonly wireLength: number;
  /** Offset of the frame's record in the file, for error messages. */
  readonly offset: number;
  /** The frame's number in the file, from 1 (as Wireshark counts), for error messages. */
  readonly number: number;
}

/** LINKTYPE_* values (tcpdump.org/linktypes.html) that the UDP extractor understands. */
export const LinkType = {
  NULL: 0,
  ETHERNET: 1,
  RAW_OPENBSD: 12,
  RAW_BSD: 14,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
