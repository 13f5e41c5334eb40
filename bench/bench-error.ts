import { GossipperError } from '../src/errors.ts';

/** A benchmark harness failure (bad option, missing tool, a child that never came up). */
export class BenchError extends GossipperError {
  constructor(message: string, hint?: string) {
    super('RUN_FATAL', `bench: ${message}`, hint);
    this.name = 'BenchError';
  }
}
