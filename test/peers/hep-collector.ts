/**
 * A HEP3 collector on loopback for tests: a UDP socket that decodes every packet it gets into
 * its chunks (decoded here independently of src/export, from the HEP3 layout).
 */
import dgram from 'node:dgram';

export interface HepChunk {
  readonly vendor: number;
  readonly type: number;
  /** The chunk's length field (its 6-byte header included). */
  readonly length: number;
  readonly value: Buffer;
}

export interface DecodedHep {
  readonly chunks: HepChunk[];
  readonly family: number;
  readonly ipProtocol: number;
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly timeSec: number;
  readonly timeUsec: number;
  readonly protocolType: number;
  readonly captureId: number;
  readonly authKey: string | undefined;
  readonly correlationId: string | undefined;
  readonly payload: Buffer;
}

/** Splits a HEP3 packet into chunks; throws on any framing error. */
export function decodeHep(packet: Buffer): DecodedHep {
  if (packet.subarray(0, 4).toString('latin1') !== 'HEP3') throw new Error('not HEP3');
  const total = packet.readUInt16BE(4);
  if (total !== packet.length) throw new Error(`length field ${total} != ${packet.length}`);
  const chunks: HepChunk[] = [];
  let at = 6;
  while (at < total) {
    const length = packet.readUInt16BE(at + 4);
    if (length < 6 || at + length > total) throw new Error(`bad chunk length ${length} at ${at}`);
    chunks.push({
      vendor: packet.readUInt16BE(at),
      type: packet.readUInt16BE(at + 2),
      length,
      value: packet.subarray(at + 6, at + length),
    });
    at += length;
  }
  const get = (type: number): Buffer | undefined => chunks.find((c) => c.type === type)?.value;
  const need = (type: number): Buffer => {
    const v = get(type);
    if (v === undefined) throw new Error(`chunk ${type} missing`);
    return v;
  };
  const ip = (v4: number, v6: number): string => {
    const b = get(v4) ?? need(v6);
    if (b.length === 4) return [...b].join('.');
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
    return groups.join(':');
  };
  return {
    chunks,
    family: need(1)[0],
    ipProtocol: need(2)[0],
    srcIp: ip(3, 5),
    dstIp: ip(4, 6),
    srcPort: need(7).readUInt16BE(0),
    dstPort: need(8).readUInt16BE(0),
    timeSec: need(9).readUInt32BE(0),
    timeUsec: need(10).readUInt32BE(0),
    protocolType: need(11)[0],
    captureId: need(12).readUInt32BE(0),
    authKey: get(14)?.toString('utf8'),
    correlationId: get(17)?.toString('utf8'),
    payload: need(15),
  };
}

export interface HepCollector {
  readonly port: number;
  readonly packets: DecodedHep[];
  /** Resolves once `count` packets arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHepCollector(host = '127.0.0.1'): Promise<HepCollector> {
  const socket = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
  const packets: DecodedHep[] = [];
  let waiter: { count: number; resolve: () => void } | undefined;
  socket.on('message', (msg) => {
    packets.push(decodeHep(msg));
    if (waiter !== undefined && packets.length >= waiter.count) waiter.resolve();
  });
  await new Promise<void>((resolve) => socket.bind(0, host, () => resolve()));
  return {
    port: socket.address().port,
    packets,
    waitFor: (count, timeoutMs = 5000) =>
      packets.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`${packets.length} of ${count} HEP packets arrived`)),
              timeoutMs,
            );
            waiter = {
              count,
              resolve: () => {
                clearTimeout(timer);
                resolve();
              },
            };
          }),
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
