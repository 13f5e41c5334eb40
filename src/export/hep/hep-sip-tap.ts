/**
 * SIP mirroring (-hep_addr): every message the engine sends or receives, on any transport, as a
 * HEP type 1 packet with its 5-tuple and the time it was handed over. It rides the engine's
 * message hooks (TraceSink.messageSent / messageReceived), so a run without -hep_addr keeps
 * the one branch per message it already pays for traces.
 */
import type { TraceSink } from '../../engine/index.ts';
import type { RemoteAddress, Transport } from '../../transport/index.ts';
import { HepProtocol, IP_PROTO_TCP, IP_PROTO_UDP } from './hep-encoder.ts';
import { ourIp, plainIp } from './hep-addresses.ts';
import type { HepExporter } from './hep-exporter.ts';

export interface HepIdentity {
  /** -hep_capture_id (chunk 12). */
  readonly captureId: number;
  /** -hep_password (chunk 14); empty = none. */
  readonly password: string;
  /**
   * Our address when a socket is bound to the wildcard (0.0.0.0 / ::) and the peer is not on
   * loopback: the run's local IP (`-i`, or the host's first non-internal one).
   */
  readonly localIp: string;
}

function wallNowMs(): number {
  return performance.timeOrigin + performance.now();
}

export class HepSipTap {
  private readonly authKey: Buffer | null;

  constructor(
    private readonly exporter: HepExporter,
    private readonly identity: HepIdentity,
    private readonly now: () => number = wallNowMs,
  ) {
    this.authKey = identity.password === '' ? null : Buffer.from(identity.password, 'utf8');
  }

  sent(raw: Buffer, to: RemoteAddress, via: Transport): void {
    const local = via.localAddress;
    this.exporter.export({
      protocolType: HepProtocol.Sip,
      ipProtocol: via.protocol === 'UDP' ? IP_PROTO_UDP : IP_PROTO_TCP,
      srcIp: ourIp(local.address, to.address, this.identity.localIp),
      srcPort: local.port,
      dstIp: plainIp(to.address),
      dstPort: to.port,
      timeMs: this.now(),
      captureId: this.identity.captureId,
      authKey: this.authKey,
      correlationId: null,
      payload: raw,
    });
  }

  received(raw: Buffer, from: RemoteAddress, via: Transport): void {
    const local = via.localAddress;
    this.exporter.export({
      protocolType: HepProtocol.Sip,
      ipProtocol: via.protocol === 'UDP' ? IP_PROTO_UDP : IP_PROTO_TCP,
      srcIp: plainIp(from.address),
      srcPort: from.port,
      dstIp: ourIp(local.address, from.address, this.identity.localIp),
      dstPort: local.port,
      timeMs: this.now(),
      captureId: this.identity.captureId,
      authKey: this.authKey,
      correlationId: null,
      payload: raw,
    });
  }
}

/**
 * `inner` with the tap added to its message hooks. The hooks read inner's own each time, so a
 * trace file switched on mid-run (`trace messages on`, which installs them on inner) still gets
 * its messages; every other hook is inner's, bound once.
 */
export function withSipTap(inner: TraceSink, tap: HepSipTap): TraceSink {
  const sink: TraceSink = {
    error: (text) => inner.error(text),
    malformed: (raw, from, reason) => inner.malformed(raw, from, reason),
    warning: (text) => inner.warning(text),
    messageSent: (raw, to, via) => {
      inner.messageSent?.(raw, to, via);
      tap.sent(raw, to, via);
    },
    messageReceived: (raw, from, via) => {
      inner.messageReceived?.(raw, from, via);
      tap.received(raw, from, via);
    },
    commandSent: (raw) => inner.commandSent?.(raw),
    commandReceived: (raw) => inner.commandReceived?.(raw),
  };
  // Bound here rather than looked up per call: none of these changes during a run.
  sink.log = inner.log?.bind(inner);
  sink.unexpectedMessage = inner.unexpectedMessage?.bind(inner);
  sink.responseTime = inner.responseTime?.bind(inner);
  sink.callStarted = inner.callStarted?.bind(inner);
  sink.callAborting = inner.callAborting?.bind(inner);
  sink.callEnded = inner.callEnded?.bind(inner);
  sink.callRecord = inner.callRecord?.bind(inner);
  sink.callNote = inner.callNote?.bind(inner);
  return sink;
}
