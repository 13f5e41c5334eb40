/**
 * A call's stream on the real clock goes through the addon's pacer thread (stream-pacing.ts),
 * and leaves 20 ms apart. What the pacer does through a stall of this thread is tested on the
 * transport (test/transport/udp-pacer.test.ts); timing stalls here would only measure how busy
 * the machine is.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { MediaCall } from '../../src/engine/index.ts';
import { openMedia } from '../../src/media/index.ts';
import { nowMs } from '../../src/platform/index.ts';
import { startSystemTicker } from '../../src/run/index.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { UdpTransport, udpBatchAddon } from '../../src/transport/index.ts';
import { batchedAddonRequirement } from '../peers/native-addon.ts';
import { mediaBase } from './media-runs.ts';

const skip = batchedAddonRequirement('paced stream test');

test("a call's rtp_stream leaves through the pacer thread, 20 ms apart", { skip }, async () => {
  const arrivals: number[] = [];
  let enough = (): void => {};
  let warm = (): void => {};
  const sink = UdpTransport.openNow({
    family: 4,
    bindIp: '127.0.0.1',
    port: 0,
    handlers: {
      onMessage: (_buf, _from, _via, ageMs) => {
        arrivals.push(nowMs() - (ageMs ?? 0));
        if (arrivals.length === 4) warm();
        if (arrivals.length === 16) enough();
      },
      onError: () => undefined,
    },
  })!;
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-paced-'));
  writeFileSync(path.join(dir, 'tone.alaw'), Buffer.alloc(8000, 0x55));
  const xml =
    '<scenario name="p"><recv request="INVITE"/><nop><action>' +
    '<exec rtp_stream="tone.alaw,-1,8"/></action></nop></scenario>';
  const media = await openMedia({
    scenario: loadScenarioXml(xml, path.join(dir, 'p.xml')),
    scenarioDir: dir,
    ip: '127.0.0.1',
    family: 4,
    mediaPort: mediaBase(),
    echo: false,
    bufferBytes: 1 << 20,
    defaultPayloadType: 8,
    clock: { now: nowMs },
    paceStreams: true,
    random: Math.random,
    stats: { count: () => undefined },
    onError: (text) => assert.fail(text),
  });
  const session = media.session;
  const ticker = startSystemTicker(() => session.tick(), 1, { precise: true });
  session.onWork = () => ticker.wake();
  const call: MediaCall = { callNumber: 1, callId: 'paced-1', media: null };
  const port = sink.localAddress.port;
  session.onReceived(
    call,
    Buffer.from(
      `SIP/2.0 200 OK\r\n\r\nv=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 8\r\n`,
    ),
  );
  const addon = udpBatchAddon()!;
  const before = new Float64Array(5);
  const after = new Float64Array(5);
  const done = new Promise<void>((r) => (enough = r));
  const warmed = new Promise<void>((r) => (warm = r));
  try {
    assert.equal(session.exec(call, 'rtp_stream', 'tone.alaw,-1,8'), null);
    await warmed;
    addon.pacerStats!(before);
    await done;
    addon.pacerStats!(after);
  } finally {
    session.endCall(call);
    ticker.stop();
    await media.ports.closeAll();
    await sink.close();
  }
  // The twelve packets that arrived between the two readings left from the pacer thread.
  assert.ok(after[0] - before[0] >= 12, `the pacer sent ${after[0] - before[0]} of 12`);
  const spanMs = arrivals[15] - arrivals[3];
  assert.ok(Math.abs(spanMs - 240) < 10, `12 packet times took ${spanMs} ms`);
});
