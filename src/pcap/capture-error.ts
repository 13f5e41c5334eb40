import { GossipperError } from '../errors.ts';

/**
 * A capture file that does not parse. The message names the file and the byte offset of the
 * structure that is wrong, so a user can open the file in a hex viewer and see it.
 */
export class CaptureError extends GossipperError {
  readonly file: string;
  readonly offset: number;
  constructor(file: string, offset: number, what: string) {
    super('CAPTURE_INVALID', `${file}: offset ${offset}: ${what}`);
    this.name = 'CaptureError';
    this.file = file;
    this.offset = offset;
  }
}
