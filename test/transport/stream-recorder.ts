/**
 * StreamHandlers that record what a TCP transport reports, and waits that re-check their
 * condition on every report (no polling), for the tcp*.test.ts files.
 */
import { EventEmitter } from 'node:events';
import { StreamBufferBudget } from '../../src/transport/index.ts';
import type { RemoteAddress, StreamHandlers, Transport } from '../../src/transport/index.ts';

export interface Recorder {
  handlers: StreamHandlers;
  messages: Array<{ text: string; from: RemoteAddress; via: Transport }>;
  lost: Array<{ via: Transport; reason: string }>;
  malformed: Array<{ raw: string; from: RemoteAddress; reason: string; via: Transport }>;
  /** onError reports as run.ts prints them: `TCP recv error: <message>`. */
  errors: string[];
  /** Resolves once `n` messages arrived. */
  waitMessages(n: number): Promise<void>;
  waitLost(n: number): Promise<void>;
}

/** Fires 'change' on every report; wait() resolves on the first report after which `cond` holds. */
export class Reports extends EventEmitter {
  changed(): void {
    this.emit('change');
  }

  wait(cond: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (cond()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!cond()) return;
        clearTimeout(timer);
        this.off('change', check);
        resolve();
      };
      // Only a guard against a hang; the assertion moment is decided by the reports.
      const timer = setTimeout(() => {
        this.off('change', check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.on('change', check);
    });
  }
}

export function recorder(reports = new Reports()): Recorder {
  const r: Recorder = {
    messages: [],
    lost: [],
    malformed: [],
    errors: [],
    handlers: {
      onMessage: (buf, from, via) => {
        r.messages.push({ text: buf.toString('latin1'), from, via });
        reports.changed();
      },
      onError: (kind, err, via) => {
        r.errors.push(`${via.protocol} ${kind} error: ${err.message}`);
        reports.changed();
      },
      onMalformed: (raw, from, reason, via) => {
        r.malformed.push({ raw: raw.toString('latin1'), from, reason, via });
        reports.changed();
      },
      onConnectionLost: (via, reason) => {
        r.lost.push({ via, reason });
        reports.changed();
      },
    },
    waitMessages: (n) => reports.wait(() => r.messages.length >= n, `${n} messages`),
    waitLost: (n) => reports.wait(() => r.lost.length >= n, `${n} lost connections`),
  };
  return r;
}

/**
 * A budget that reports every take and give-back, and keeps its own record of the most it held
 * (computed here, not read back from the budget).
 */
export class WatchedBudget extends StreamBufferBudget {
  /** Bytes held, as summed from the successful takes and give-backs seen here. */
  heldBytes = 0;
  highestHeldBytes = 0;
  /** Every successful take added up: grows whenever some framer takes room. */
  takenBytes = 0;
  refusedTakes = 0;

  constructor(
    maxBytes: number,
    private readonly reports: Reports,
  ) {
    super(maxBytes);
  }

  override tryTake(bytes: number): boolean {
    const isTaken = super.tryTake(bytes);
    if (isTaken) {
      this.takenBytes += bytes;
      this.heldBytes += bytes;
      this.highestHeldBytes = Math.max(this.highestHeldBytes, this.heldBytes);
    } else {
      this.refusedTakes++;
    }
    this.reports.changed();
    return isTaken;
  }

  override giveBack(bytes: number): void {
    super.giveBack(bytes);
    this.heldBytes -= bytes;
    this.reports.changed();
  }
}

export function sipMessage(callId: string, body = ''): string {
  return `OPTIONS sip:x SIP/2.0\r\nCall-ID: ${callId}\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}
