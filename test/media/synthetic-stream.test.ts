/** rtp_stream="synthetic,...": arguments, each codec's silence, a G.711 tone, timing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alawToLinear, ulawToLinear } from '../../src/media/g711.ts';
import {
  SyntheticAudioCache,
  parseSyntheticArgs,
  syntheticAudio,
  type SyntheticArgs,
} from '../../src/media/synthetic-audio.ts';
import { SyntheticStream } from '../../src/media/synthetic-stream.ts';

function collect(): { packets: Buffer[]; send(d: number, b: Buffer): boolean } {
  const packets: Buffer[] = [];
  return {
    packets,
    send: (_d, b) => {
      packets.push(Buffer.from(b));
      return true;
    },
  };
}

/** Runs a stream for `ms` of fake time, one tick per ms. */
function run(args: SyntheticArgs, ms: number): Buffer[] {
  const out = collect();
  const s = new SyntheticStream(
    syntheticAudio(args),
    args.payloadType,
    args.durationMs,
    args.periodMs,
    out,
    0,
    () => 0.25,
    true,
  );
  for (let t = 0; t <= ms && s.dueMs >= 0; t++) {
    if (t < s.dueMs) continue;
    const next = s.fire(t);
    if (next < 0) break;
    s.dueMs = next;
  }
  return out.packets;
}

test('arguments: codec from the payload type or by name, defaults, named options', () => {
  assert.deepEqual(parseSyntheticArgs('synthetic', 8), {
    codec: 'PCMA',
    payloadType: 8,
    periodMs: 20,
    durationMs: 0,
    channels: 1,
    toneHz: 0,
    cnLevel: 80,
  });
  const opus = parseSyntheticArgs('synthetic,-1,,opus,10,1000,2', 8);
  assert.equal(opus.codec, 'OPUS');
  assert.equal(opus.payloadType, 111);
  assert.equal(opus.periodMs, 10);
  assert.equal(opus.channels, 2);
  const tone = parseSyntheticArgs('synthetic,1,0,,20,500,,tone=440', 8);
  assert.equal(tone.codec, 'PCMU');
  assert.equal(tone.toneHz, 440);
  assert.equal(parseSyntheticArgs('synthetic,1,96,CN,20,0,1,cn_level=50', 8).cnLevel, 50);
});

test('bad synthetic arguments are named with what was expected', () => {
  const cases: Array<[string, RegExp]> = [
    ['synthetic,1,8,AMR', /codec "AMR" is not one of PCMU, PCMA, G722, OPUS, CN/],
    ['synthetic,1,96', /payload type 96 needs a codec name/],
    ['synthetic,1,9,,20,0,1,tone=440', /tone= is for PCMU or PCMA/],
    ['synthetic,1,111,,30', /freq_ms 30 does not suit OPUS/],
    ['synthetic,1,0,,20,0,2', /two channels only for OPUS/],
    ['synthetic,1,0,,20,0,1,volume=3', /unknown option "volume"/],
    ['synthetic,1,13,,20,0,1,cn_level=200', /cn_level 200 is not 0..127/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseSyntheticArgs(text, 8),
      (err: Error) => {
        assert.match(err.message, why);
        assert.match(
          err.message,
          new RegExp(`rtp_stream="${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
        );
        return true;
      },
    );
  }
});

test('silence per codec: μ-law 0xFF, A-law 0xD5, G.722 zeros, Opus DTX, CN level', () => {
  const first = (text: string): Buffer => run(parseSyntheticArgs(text, 8), 0)[0];
  const pcmu = first('synthetic,1,0');
  assert.equal(pcmu[1], 0x80, 'marker, PT 0');
  assert.deepEqual(pcmu.subarray(12), Buffer.alloc(160, 0xff));
  assert.deepEqual(first('synthetic,1,8').subarray(12), Buffer.alloc(160, 0xd5));
  assert.deepEqual(first('synthetic,1,9').subarray(12), Buffer.alloc(160, 0));
  assert.deepEqual(first('synthetic,1,111').subarray(12), Buffer.from([0xf8, 0xff, 0xfe]));
  assert.deepEqual(first('synthetic,1,,OPUS,20,0,2').subarray(12), Buffer.from([0xfc, 0xff, 0xfe]));
  assert.deepEqual(first('synthetic,1,,OPUS,10').subarray(12), Buffer.from([0xf0, 0xff, 0xfe]));
  const cn = first('synthetic,1,13,,20,0,1,cn_level=60');
  assert.equal(cn[1] & 0x7f, 13);
  assert.deepEqual(cn.subarray(12), Buffer.from([60]));
});

test('packets every freq_ms for dur_ms: sequence +1, timestamp by the codec clock, one SSRC', () => {
  const pcma = run(parseSyntheticArgs('synthetic,1,8,,20,200', 8), 1000);
  assert.equal(pcma.length, 10, '200 ms of 20 ms packets');
  for (let i = 1; i < pcma.length; i++) {
    assert.equal(pcma[i].readUInt16BE(2), (pcma[i - 1].readUInt16BE(2) + 1) & 0xffff);
    assert.equal(pcma[i].readUInt32BE(4) - pcma[i - 1].readUInt32BE(4), 160);
    assert.equal(pcma[i].readUInt32BE(8), pcma[0].readUInt32BE(8));
    assert.equal(pcma[i][1] & 0x80, 0, 'marker only on the first');
  }
  const opus = run(parseSyntheticArgs('synthetic,1,111,,20,100', 8), 1000);
  assert.equal(opus.length, 5);
  assert.equal(opus[1].readUInt32BE(4) - opus[0].readUInt32BE(4), 960, '48 kHz clock');
});

test('tone=440 in PCMU and PCMA: 440 cycles a second, about −12 dBFS, no click at the loop', () => {
  for (const [pt, decode] of [
    [0, ulawToLinear],
    [8, alawToLinear],
  ] as const) {
    const packets = run(parseSyntheticArgs(`synthetic,1,${pt},,20,2000,1,tone=440`, 8), 3000);
    assert.equal(packets.length, 100);
    const samples = packets.flatMap((p) => [...p.subarray(12)].map(decode));
    // Rising zero crossings over the second second (it starts where the 1 s loop restarts).
    let crossings = 0;
    for (let i = 8001; i < 16000; i++) if (samples[i - 1] < 0 && samples[i] >= 0) crossings++;
    assert.ok(Math.abs(crossings - 440) <= 1, `PT ${pt}: ${crossings} cycles in 1 s`);
    const peak = Math.max(...samples.map(Math.abs));
    assert.ok(peak > 7000 && peak < 9000, `PT ${pt}: peak ${peak}`);
    // A 440 Hz sine moves up to 8000 · 2π · 440 / 8000 ≈ 2765 between samples: the step where
    // the loop restarts is no bigger than the steps inside it.
    let maxStep = 0;
    for (let i = 1; i < 8000; i++)
      maxStep = Math.max(maxStep, Math.abs(samples[i] - samples[i - 1]));
    const jump = Math.abs(samples[8000] - samples[7999]);
    assert.ok(jump <= maxStep * 1.05, `PT ${pt}: the loop joins smoothly (${jump} vs ${maxStep})`);
  }
});

test('a 30 ms tone loops over 3 s of whole packets; calls share one loop; a huge freq_ms is refused', () => {
  const args = parseSyntheticArgs('synthetic,1,8,,30,0,1,tone=1000', 8);
  const audio = syntheticAudio(args);
  assert.equal(audio.loop.length, 24000, '3 s at 8 kHz');
  assert.equal(audio.loop.length % audio.frameBytes, 0, 'whole 240-byte packets');
  const cache = new SyntheticAudioCache();
  assert.equal(cache.get(args), cache.get({ ...args }), 'one loop for the same shape');
  assert.notEqual(cache.get(args), cache.get({ ...args, toneHz: 440 }));
  assert.throws(
    () => parseSyntheticArgs('synthetic,1,0,,100000', 8),
    /freq_ms 100000 does not suit PCMU \(5\.\.200\)/,
  );
});
