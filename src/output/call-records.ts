/**
 * `-call_records_jsonl`: one JSON line per finished call, streamed. Lines are gathered into
 * chunks and handed to the file stream a chunk at a time (never a write per call); if the disk
 * falls behind by more than `maxQueuedBytes`, further records are dropped and counted instead of
 * growing memory, and the summary reports the count.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { CallResponseTimes } from '../engine/index.ts';
import { COUNTER_NAMES, Counter, FAILURE_CLASSES, type CounterId } from '../stats/index.ts';

export const CALL_RECORD_SCHEMA = 'gossipper_call_record_v1';
const CHUNK_BYTES = 64 * 1024;

/** Failure class by SIPp cause, for the records' `failure_class`. */
const CLASS_OF: ReadonlyMap<number, string> = new Map(
  Object.entries(FAILURE_CLASSES).flatMap(([cls, ids]) => ids.map((id) => [id, cls] as const)),
);

export class CallRecordsWriter {
  private readonly stream: WriteStream;
  private lines: string[] = [];
  private pendingBytes = 0;
  private dropped = 0;
  private written = 0;
  private failure: Error | undefined;
  private readonly timer: ReturnType<typeof setInterval>;

  /**
   * `epochOfClockZero`: the wall-clock ms at which the engine clock read 0, so records carry
   * real start times.
   */
  constructor(
    readonly path: string,
    private readonly epochOfClockZero: number,
    private readonly maxQueuedBytes = 16 * 1024 * 1024,
  ) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (err) => {
      this.failure ??= err;
    });
    this.timer = setInterval(() => this.flush(), 1000);
    this.timer.unref();
  }

  get droppedRecords(): number {
    return this.dropped;
  }

  get writtenRecords(): number {
    return this.written;
  }

  record(
    callId: string,
    callNumber: number,
    outcome: CounterId,
    startMs: number,
    endMs: number,
    times?: CallResponseTimes,
  ) {
    if (this.failure !== undefined || this.stream.writableLength > this.maxQueuedBytes) {
      this.dropped++;
      return;
    }
    const success = outcome === Counter.SuccessfulCall;
    const line =
      `{"schema_version":"${CALL_RECORD_SCHEMA}","call_id":${JSON.stringify(callId)},` +
      `"call_number":${callNumber},"success":${success},` +
      `"result":"${success ? 'success' : (CLASS_OF.get(outcome) ?? 'failed')}",` +
      (success ? '' : `"failure_cause":"${COUNTER_NAMES[outcome]}",`) +
      `"started_at":"${new Date(this.epochOfClockZero + startMs).toISOString()}",` +
      `"duration_ms":${roundMs(endMs - startMs)}` +
      (times === undefined ? '' : responseTimes(times)) +
      '}\n';
    this.lines.push(line);
    this.written++;
    this.pendingBytes += line.length;
    if (this.pendingBytes >= CHUNK_BYTES) this.flush();
  }

  /** Ends the file with every record taken; rejects if the file could not be written. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure !== undefined) {
      throw new Error(`-call_records_jsonl ${this.path}: ${this.failure.message}`);
    }
  }

  private flush(): void {
    if (this.lines.length === 0) return;
    const chunk = this.lines.join('');
    this.lines = [];
    this.pendingBytes = 0;
    this.stream.write(chunk);
  }
}

/** Milliseconds to the microsecond, as the records carry them. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** `,"invite_rtt_ms":…,"rtd_ms":{name:…}`, each only when the call measured it. */
function responseTimes(times: CallResponseTimes): string {
  let out = times.inviteRttMs >= 0 ? `,"invite_rtt_ms":${roundMs(times.inviteRttMs)}` : '';
  const rtd = times.rtdMs;
  if (rtd === null) return out;
  let fields = '';
  for (let i = 0; i < rtd.length; i++) {
    if (rtd[i] < 0) continue;
    fields += `${fields === '' ? '' : ','}${JSON.stringify(times.rtdNames[i])}:${roundMs(rtd[i])}`;
  }
  if (fields !== '') out += `,"rtd_ms":{${fields}}`;
  return out;
}
