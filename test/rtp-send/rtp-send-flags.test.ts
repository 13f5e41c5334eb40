/** `-rtp_send` flags and the silence each codec sends, in process. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/main.ts';
import { parseRtpSendArgs } from '../../src/rtp-send/rtp-send-flags.ts';
import { RtpSender } from '../../src/rtp-send/rtp-sender.ts';
import { senderReport } from '../../src/rtp-send/sender-report.ts';
import { findSilenceCodec } from '../../src/rtp-send/silence-frames.ts';
import { toneSecond } from '../../src/rtp-send/tone-frames.ts';
import { alawToLinear } from '../../src/media/index.ts';
import { dominantHz } from '../media/wav-analysis.ts';
import { fakeIo } from '../cli/fake-io.ts';

test('defaults: PCMU, its payload type, 20 ms, 10 s, mono, RTCP on', () => {
  const c = parseRtpSendArgs(['-rtp_send', '-rtp_addr', '[::1]:4000']);
  assert.ok(c !== 'help');
  assert.equal(c.host, '::1');
  assert.equal(c.port, 4000);
  assert.equal(c.codec.name, 'PCMU');
  assert.equal(c.payloadType, 0);
  assert.equal(c.frameMs, 20);
  assert.equal(c.durationMs, 10_000);
  assert.equal(c.channels, 1);
  assert.equal(c.rtcp, true);
  assert.equal(c.localPort, 0);
});

test('bad values are refused, naming the flag', async () => {
  for (const [args, pattern] of [
    [['-rtp_send'], /needs -rtp_addr/],
    [['-rtp_send', '-rtp_addr', 'host'], /-rtp_addr host: expected host:port/],
    [['-rtp_send', '-rtp_addr', 'h:1', '-rtp_codec', 'G729'], /-rtp_codec G729: not one of/],
    [['-rtp_send', '-rtp_addr', 'h:1', '-rtp_codec', 'OPUS', '-rtp_freq', '30'], /Opus frames/],
    [['-rtp_send', '-rtp_addr', 'h:1', '-rtp_pt', '300'], /-rtp_pt 300: expected an integer/],
    [['-rtp_send', '-rtp_addr', 'h:1', '-sn', 'uac'], /"-sn" is not one of its flags/],
  ] as const) {
    const io = fakeIo();
    assert.equal(await main([...args], io), 1, args.join(' '));
    assert.match(io.err(), pattern);
  }
});

test('-h prints the sender help; gossipper sipp -h does not list -rtp_send', async () => {
  const io = fakeIo();
  assert.equal(await main(['-rtp_send', '-h'], io), 0);
  assert.match(io.out(), /-rtp_addr <host:port>/);
  const sippHelp = fakeIo();
  await main(['sipp', '-h'], sippHelp);
  assert.doesNotMatch(sippHelp.out(), /rtp_send|rtp_addr/);
});

test('each codec frames its silence: sizes, clock steps, Opus TOC, stereo', () => {
  const cases = [
    ['PCMU', 20, 1, 160, 160, 0xff],
    ['PCMA', 30, 2, 480, 240, 0xd5],
    ['G722', 20, 1, 160, 160, 0],
    ['OPUS', 20, 2, 3, 960, 0xfc],
    ['CN', 20, 1, 1, 160, 127],
  ] as const;
  for (const [name, ms, channels, bytes, step, firstByte] of cases) {
    const codec = findSilenceCodec(name)!;
    const sent: Buffer[] = [];
    const s = new RtpSender({
      codec,
      payloadType: codec.payloadType,
      frameMs: ms,
      channels,
      startMs: 0,
      durationMs: ms * 3,
      random: () => 0.5,
      wallMs: () => 0,
      sendRtp: (p) => sent.push(p),
    });
    assert.equal(s.fire(10_000), -1, `${name}: over after its duration`);
    assert.equal(sent.length, 3, name);
    assert.equal(sent[0].length, 12 + bytes, name);
    assert.equal(sent[0][12], firstByte, name);
    assert.equal(sent[1].readUInt32BE(4) - sent[0].readUInt32BE(4), step, name);
    assert.equal(s.octets, 3 * bytes);
  }
});

test('a sender report: NTP time, RTP time, counts, then an SDES CNAME (RFC 3550 §6.4.1, §6.5)', () => {
  const b = senderReport({
    ssrc: 0xdeadbeef,
    wallMs: 1_700_000_000_500,
    rtpTimestamp: 123456,
    packets: 50,
    octets: 8000,
  });
  assert.equal(b[0], 0x80, 'V=2, no report block');
  assert.equal(b[1], 200);
  assert.equal((b.readUInt16BE(2) + 1) * 4, 28, 'SR length in 32-bit words minus one');
  assert.equal(b.readUInt32BE(4), 0xdeadbeef);
  assert.equal(b.readUInt32BE(8), 1_700_000_000 + 2_208_988_800, 'seconds since 1900');
  assert.equal(b.readUInt32BE(12), 2 ** 31, 'half a second');
  assert.equal(b.readUInt32BE(16), 123456);
  assert.equal(b.readUInt32BE(20), 50);
  assert.equal(b.readUInt32BE(24), 8000);
  assert.equal(b[28], 0x81, 'SDES with one chunk');
  assert.equal(b[29], 202);
  assert.equal(28 + (b.readUInt16BE(30) + 1) * 4, b.length, 'SDES length covers the rest');
  assert.equal(b.readUInt32BE(32), 0xdeadbeef);
  assert.equal(b[36], 1, 'CNAME');
  assert.equal(b.toString('latin1', 38, 38 + b[37]), 'gossipper@rtp_send');
  assert.equal(b.length % 4, 0);
});

test('-rtp_tone: a sine in G.711 whose phase runs on across packets; other codecs refused', async () => {
  const c = parseRtpSendArgs([
    '-rtp_send',
    '-rtp_addr',
    'h:1',
    '-rtp_codec',
    'PCMA',
    '-rtp_tone',
    '1000',
  ]);
  assert.ok(c !== 'help');
  assert.equal(c.toneHz, 1000);
  const sent: Buffer[] = [];
  const s = new RtpSender({
    codec: c.codec,
    payloadType: 8,
    frameMs: 20,
    channels: 1,
    startMs: 0,
    durationMs: 1500,
    random: () => 0.25,
    wallMs: () => 0,
    sendRtp: (p) => sent.push(p),
    audio: toneSecond(c.codec, 1000, 1),
  });
  s.fire(10_000);
  assert.equal(sent.length, 75, '1.5 s: the second of tone loops');
  const samples = Int16Array.from(Buffer.concat(sent.map((p) => p.subarray(12))), (code) =>
    alawToLinear(code),
  );
  assert.equal(dominantHz({ channels: 1, rate: 8000, samples }, 0), 1000);
  // 1 kHz at 8 kHz repeats every 8 samples, across packet boundaries too.
  for (let i = 8; i < samples.length; i++) assert.equal(samples[i], samples[i - 8]);
  for (const [args, pattern] of [
    [['-rtp_codec', 'G722', '-rtp_tone', '440'], /only PCMU and PCMA carry a tone, not G722/],
    [['-rtp_tone', '440', '-rtp_freq', '30'], /packet time dividing 1000 ms, not 30/],
    [['-rtp_tone', '0'], /-rtp_tone 0: expected an integer 1..3999/],
  ] as const) {
    const io = fakeIo();
    assert.equal(await main(['-rtp_send', '-rtp_addr', 'h:1', ...args], io), 1);
    assert.match(io.err(), pattern);
  }
});
