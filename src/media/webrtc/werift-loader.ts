/**
 * werift (a WebRTC stack in TypeScript: ICE, DTLS, SRTP) is loaded only when a scenario uses
 * `[webrtc_offer]` or `[webrtc_answer]`, and required from beside the bin, never bundled into
 * it: bundled, its 1.6 MB of code sat in every start-up snapshot and cost a plain `-v` about
 * 20 ms (median of 21 starts, 0.17 s against 0.15 s). A require through createRequire also
 * works in the snapshot's CommonJS bundle, where import() does not.
 */
import { GossipperError } from '../../errors.ts';

export type Werift = typeof import('werift');

export function loadWerift(): Werift {
  const { createRequire } = process.getBuiltinModule('node:module');
  try {
    return createRequire(import.meta.url)('werift') as Werift;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new GossipperError(
      'MEDIA_INVALID',
      `[webrtc_offer]/[webrtc_answer] need the npm package werift, which could not be loaded: ${why}`,
      'npm install werift@0.24.4 (next to gossipper)',
    );
  }
}
