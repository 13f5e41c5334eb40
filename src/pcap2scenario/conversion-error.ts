import { GossipperError } from '../errors.ts';

/**
 * A capture pcap2scenario cannot turn into scenarios: not a capture, truncated, no SIP, no
 * INVITE. The message names the file (and the packet where one is to blame). A usage error:
 * exit 1, as for a bad flag.
 */
export class ConversionError extends GossipperError {
  constructor(message: string, hint?: string) {
    super('CAPTURE_UNUSABLE', message, hint);
    this.name = 'ConversionError';
  }
}
