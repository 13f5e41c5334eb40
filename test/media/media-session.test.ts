import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { openMedia } from '../../src/media/index.ts';
import type { MediaCall } from '../../src/engine/index.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { Counter } from '../../src/stats/index.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaBase } from './media-runs.ts';

function call(n: number): MediaCall {
  return { callNumber: n, callId: `id-${n}@test`, media: null };
}

function sdpMessage(body: string): Buffer {
  return Buffer.from(`SIP/2.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
}

const AUDIO_SDP = 'v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 9 RTP/AVP 8\r\n';

async function session(portKeyword: string) {
  const { dir, scenario } = mediaFolder({
    actions: '<exec play_pcap_audio="g711a.pcap"/>',
    pauseMs: 0,
    portKeyword,
  });
  const base = mediaBase();
  const counts: Record<number, number> = {};
  const errors: string[] = [];
  const media = await openMedia({
    scenario: loadScenarioXml(readFileSync(scenario, 'latin1'), scenario),
    scenarioDir: dir,
    ip: '127.0.0.1',
    family: 4,
    mediaPort: base,
    echo: false,
    bufferBytes: 65535,
    defaultPayloadType: 8,
    clock: { now: () => performance.now() },
    random: () => 0.5,
    stats: { count: (id, n = 1) => (counts[id] = (counts[id] ?? 0) + n) },
    onError: (text) => errors.push(text),
  });
  return { media, dir, base, counts, errors };
}

test('a play before any SDP, or after an SDP without that media, fails with the reason', async () => {
  const { media } = await session('media_port');
  try {
    const s = media.session;
    const c = call(1);
    assert.match(
      s.exec(c, 'play_pcap_audio', 'g711a.pcap') ?? '',
      /^call 1 \(id-1@test\): play_pcap_audio: no SDP with media received yet/,
    );
    s.onReceived(c, sdpMessage('v=0\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n'));
    assert.match(s.exec(c, 'play_pcap_audio', 'g711a.pcap') ?? '', /no SDP with media/);
    s.onReceived(c, sdpMessage(AUDIO_SDP));
    assert.match(s.exec(c, 'play_pcap_video', 'g711a.pcap') ?? '', /no m=video line/);
    assert.equal(s.exec(c, 'play_pcap_audio', 'g711a.pcap'), null);
    assert.equal(s.scheduler.size, 2, "the play and the call's RTCP reports");
    s.endCall(c);
    assert.equal(s.scheduler.size, 0, 'the call end stops its streams and reports');
  } finally {
    await media.ports.closeAll();
  }
});

test('rtp_stream: a stereo WAV, an unknown payload type and a pause with no stream are named', async () => {
  const { media } = await session('media_port');
  try {
    const s = media.session;
    const c = call(7);
    s.onReceived(c, sdpMessage(AUDIO_SDP));
    assert.match(
      s.exec(c, 'rtp_stream', 'stereo.wav') ?? '',
      /call 7 .*stereo\.wav: WAV has 2 channels/,
    );
    assert.match(s.exec(c, 'rtp_stream', 'tone.alaw,1,55') ?? '', /payload type 55/);
    assert.match(s.exec(c, 'rtp_stream', 'pause') ?? '', /pause with no stream playing/);
    assert.equal(s.exec(c, 'rtp_stream', 'tone.alaw,-1,8'), null);
    assert.equal(s.exec(c, 'rtp_stream', 'pause'), null);
    assert.equal(s.scheduler.size, 1, 'only the RTCP reports are left');
    assert.equal(s.exec(c, 'rtp_stream', 'resume'), null);
    assert.equal(s.scheduler.size, 2);
    s.endCall(c);
  } finally {
    await media.ports.closeAll();
  }
});

test('[auto_media_port]: a port block per call; one that is taken fails only that call', async () => {
  const { media, base } = await session('auto_media_port');
  const blocker = dgram.createSocket('udp4');
  // Call 3's block starts at base + 8.
  await new Promise<void>((r) => blocker.bind(base + 8, '127.0.0.1', () => r()));
  try {
    const s = media.session;
    const two = call(2);
    const three = call(3);
    s.onReceived(two, sdpMessage(AUDIO_SDP));
    s.onReceived(three, sdpMessage(AUDIO_SDP));
    assert.equal(s.exec(two, 'play_pcap_audio', 'g711a.pcap'), null);
    assert.ok(media.ports.get(base + 4) !== undefined, 'call 2 bound its own RTP port');
    assert.ok(media.ports.get(base + 5) !== undefined, 'and RTCP on the next');
    assert.match(
      s.exec(three, 'play_pcap_audio', 'g711a.pcap') ?? '',
      new RegExp(`call 3 .*\\[auto_media_port\\] ${base + 8}: .*EADDRINUSE.*port range exhausted`),
    );
    s.endCall(two);
    s.endCall(three);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(media.ports.get(base + 4), undefined, 'closed when the call ended');
  } finally {
    blocker.close();
    await media.ports.closeAll();
  }
});

test('-rtp_echo answers from the port the packet came to; the rtp_echo switch turns it off', async () => {
  const { media, base, counts } = await session('media_port');
  media.session.setEcho(true);
  const peer = dgram.createSocket('udp4');
  await new Promise<void>((r) => peer.bind(0, '127.0.0.1', () => r()));
  const echoes: Array<{ port: number; text: string }> = [];
  peer.on('message', (msg, rinfo) => echoes.push({ port: rinfo.port, text: msg.toString() }));
  const send = async (text: string, port: number): Promise<void> => {
    peer.send(Buffer.from(text), port, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 50));
  };
  try {
    await send('audio', base);
    await send('video', base + 2);
    await send('rtcp', base + 1);
    assert.deepEqual(echoes, [
      { port: base, text: 'audio' },
      { port: base + 2, text: 'video' },
    ]);
    media.session.setEcho(false);
    await send('quiet', base);
    assert.equal(echoes.length, 2, 'nothing echoed once switched off');
    assert.equal(counts[Counter.RtpPacketsEchoed], 2);
    assert.equal(counts[Counter.RtpPacketsReceived], 3, 'RTCP is not counted as RTP');
  } finally {
    peer.close();
    await media.ports.closeAll();
  }
});
