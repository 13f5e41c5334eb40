/**
 * `-threads N` with `-trace_msg`, `-trace_shortmsg`, `-trace_logs`: each shard's engine hands its
 * messages to a MessageTrace of its own (the records are copied and formatted on the shard's
 * thread, as with one engine), whose "files" are batches posted to the main thread every
 * FLUSH_MS; there TraceSet.appendShardText writes them into the one file of each kind. So the
 * shards never share a file descriptor, the main thread only appends text, and an untraced
 * shard's engine has no message hooks at all.
 */
import type { TraceConfig } from '../config/index.ts';
import type { TraceSink } from '../engine/index.ts';
import { CONTROL_PROTOCOL, MessageEvent, MessageTrace } from '../output/index.ts';
import type { ShardTraceFile, TraceTextTarget } from '../output/index.ts';

const FLUSH_MS = 200;

/** Formatted text for one file, sent as one message per flush. */
class PostedText implements TraceTextTarget {
  private text = '';
  constructor(
    private readonly file: ShardTraceFile,
    private readonly post: (file: ShardTraceFile, text: string) => void,
  ) {}
  write(text: string): void {
    this.text += text;
  }
  flush(): void {
    if (this.text === '') return;
    const text = this.text;
    this.text = '';
    this.post(this.file, text);
  }
}

export interface ShardTraces {
  /** The shard's TraceSink: `base` (the error log) plus the message and log hooks. */
  readonly sink: TraceSink;
  /** Sends what is left; called before the shard reports `done`. */
  close(): void;
}

/** Undefined when none of the three files is asked for (the shard then adds nothing). */
export function shardTraces(
  traces: TraceConfig,
  base: TraceSink,
  post: (file: ShardTraceFile, text: string) => void,
  now: () => number = () => performance.timeOrigin + performance.now(),
): ShardTraces | undefined {
  if (traces.messages !== true && traces.shortMessages !== true && traces.logs !== true)
    return undefined;
  const full = traces.messages === true ? new PostedText('messages', post) : undefined;
  const short = traces.shortMessages === true ? new PostedText('shortmessages', post) : undefined;
  const logs = traces.logs === true ? new PostedText('logs', post) : undefined;
  const messages = full || short ? new MessageTrace({ full, short, now }) : undefined;
  const sink: TraceSink = {
    error: (text) => base.error(text),
    malformed: (raw, from, reason) => base.malformed(raw, from, reason),
    warning: (text) => base.warning(text),
  };
  if (messages !== undefined) {
    sink.messageSent = (raw, _to, via) => messages.record(MessageEvent.Sent, via.protocol, raw);
    sink.messageReceived = (raw, _from, via) =>
      messages.record(MessageEvent.Received, via.protocol, raw);
    sink.commandSent = (raw) => messages.record(MessageEvent.Sent, CONTROL_PROTOCOL, raw);
    sink.commandReceived = (raw) => messages.record(MessageEvent.Received, CONTROL_PROTOCOL, raw);
    if (full !== undefined) {
      sink.unexpectedMessage = (raw, _code, via) =>
        messages.record(MessageEvent.Unexpected, via.protocol, raw);
    }
  }
  if (logs !== undefined) sink.log = (text) => logs.write(`${text}\n`);
  const flush = (): void => {
    messages?.flush();
    logs?.flush();
  };
  const timer = setInterval(flush, FLUSH_MS);
  timer.unref();
  return {
    sink,
    close() {
      clearInterval(timer);
      flush();
      messages?.close();
    },
  };
}
