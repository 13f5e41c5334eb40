/**
 * The SIP tap on the engine's trace sink: both directions with their 5-tuple (a wildcard-bound
 * socket shows the address the peer saw), hooks of the sink it wraps still called, including
 * ones a trace file installs mid-run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NULL_TRACE_SINK } from '../../src/engine/index.ts';
import type { TraceSink } from '../../src/engine/index.ts';
import { startHepExport } from '../../src/export/index.ts';
import type { Transport } from '../../src/transport/index.ts';
import { startHepCollector } from '../peers/hep-collector.ts';

function transport(protocol: 'UDP' | 'TLS', address: string, port: number): Transport {
  return {
    protocol,
    isReliable: protocol !== 'UDP',
    localAddress: { address, port },
    send() {},
    close: async () => {},
  };
}

test('both directions, wildcard binds, and the wrapped sink', async () => {
  const collector = await startHepCollector();
  const hep = await startHepExport(
    {
      addr: { host: '127.0.0.1', port: collector.port },
      captureId: 3,
      password: '',
      rtcp: 'off',
      mediaReport: false,
    },
    '10.9.8.7',
  );
  const seen: string[] = [];
  const inner: TraceSink = { ...NULL_TRACE_SINK, log: (text) => seen.push(`log ${text}`) };
  const sink = hep.hookSink(inner);
  const msg = (text: string): Buffer => Buffer.from(`${text} sip:x SIP/2.0\r\n\r\n`);
  const wildcard = transport('UDP', '0.0.0.0', 5060);
  sink.messageSent?.(msg('INVITE'), { address: '127.0.0.2', port: 5070 }, wildcard);
  sink.messageReceived?.(msg('BYE'), { address: '192.0.2.1', port: 5080 }, wildcard);
  // A trace file switched on mid-run installs its hook on the inner sink: still called.
  inner.messageSent = (raw) => seen.push(`traced ${raw.toString().split(' ')[0]}`);
  const tls = transport('TLS', '::ffff:127.0.0.1', 5061);
  sink.messageSent?.(msg('ACK'), { address: '::ffff:127.0.0.1', port: 40000 }, tls);
  sink.log?.('hello');
  assert.deepEqual(await hep.close(), { sent: 3, dropped: 0, sendErrors: 0 });
  await collector.waitFor(3);
  const [invite, bye, ack] = collector.packets;
  assert.deepEqual(
    [invite.srcIp, invite.srcPort, invite.dstIp, invite.dstPort, invite.ipProtocol],
    ['127.0.0.1', 5060, '127.0.0.2', 5070, 17],
    'a wildcard socket talking to loopback is on loopback',
  );
  assert.deepEqual(
    [bye.srcIp, bye.srcPort, bye.dstIp, bye.dstPort],
    ['192.0.2.1', 5080, '10.9.8.7', 5060],
    'else it shows the run local IP',
  );
  assert.deepEqual(
    [ack.family, ack.srcIp, ack.dstIp, ack.dstPort, ack.ipProtocol],
    [2, '127.0.0.1', '127.0.0.1', 40000, 6],
    'dual-stack IPv4-mapped addresses as IPv4; TLS rides TCP',
  );
  assert.ok(collector.packets.every((p) => p.captureId === 3 && p.authKey === undefined));
  assert.deepEqual(seen, ['traced ACK', 'log hello']);
  await collector.close();
});
