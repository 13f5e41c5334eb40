/** SIP message layer: lazy zero-copy parser, serializer and header-name tables. */
export type { SipMessage, SipParseFailure } from './message.ts';
export {
  parseSipMessage,
  isParseFailure,
  MAX_HEADER_LINES,
  MAX_HEADER_LINE_BYTES,
  MAX_MESSAGE_BYTES,
} from './parser.ts';
export { serializeSipMessage, type OutgoingMessage } from './serializer.ts';
export {
  COMPACT_HEADER_FORMS,
  canonicalHeaderName,
  compactHeaderName,
  headerNameKey,
  type HeaderNameKey,
} from './headers.ts';
export { messageHash } from './message-hash.ts';
