/**
 * WAV recording pieces on a fake clock: the RIFF header, the temporary file renamed into place,
 * duplex alignment of what was sent and what arrived reordered (a seeded shuffle), gaps kept as
 * silence, payload types that are not recorded, and rtp_record off/on cutting the time between.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { alawToLinear } from '../../src/media/index.ts';
import { CallRecording, recordingFileName } from '../../src/media/call-recording.ts';
import { WavFileWriter, wavHeader } from '../../src/media/wav-file-writer.ts';

interface Wav {
  channels: number;
  rate: number;
  bits: number;
  riffSize: number;
  samples: Int16Array;
}

function readWav(file: string): Wav {
  const b = readFileSync(file);
  assert.equal(b.toString('latin1', 0, 4), 'RIFF');
  assert.equal(b.toString('latin1', 8, 16), 'WAVEfmt ');
  assert.equal(b.toString('latin1', 36, 40), 'data');
  const dataBytes = b.readUInt32LE(40);
  assert.equal(dataBytes, b.length - 44, 'data chunk size matches the file');
  const data = b.subarray(44);
  return {
    channels: b.readUInt16LE(22),
    rate: b.readUInt32LE(24),
    bits: b.readUInt16LE(34),
    riffSize: b.readUInt32LE(4),
    samples: new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length)),
  };
}

function rtp(pt: number, seq: number, ts: number, ssrc: number, code: number, marker = false) {
  const b = Buffer.alloc(12 + 160, code);
  b[0] = 0x80;
  b[1] = (marker ? 0x80 : 0) | pt;
  b.writeUInt16BE(seq & 0xffff, 2);
  b.writeUInt32BE(ts >>> 0, 4);
  b.writeUInt32BE(ssrc >>> 0, 8);
  return b;
}

/** SFC-free tiny LCG: the shuffle is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function recorder(duplex: boolean, isOn = true) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-rec-'));
  const clock = { t: 1000, now: () => clock.t };
  const unsupported: string[] = [];
  const failures: string[] = [];
  const rec = new CallRecording({
    path: path.join(dir, recordingFileName(7, 'abc/../x y@host')),
    duplex,
    isOn,
    clock,
    onUnsupported: (pt, sent) => unsupported.push(`${sent ? 'sent' : 'received'} ${pt}`),
    onFailure: (text) => failures.push(text),
  });
  return { dir, clock, rec, unsupported, failures };
}

test('wavHeader: a 16-bit PCM header whose sizes add up', () => {
  const h = wavHeader(2, 8000, 64000);
  assert.equal(h.length, 44);
  assert.equal(h.readUInt32LE(4), 36 + 64000);
  assert.equal(h.readUInt16LE(20), 1, 'PCM');
  assert.equal(h.readUInt16LE(22), 2);
  assert.equal(h.readUInt32LE(24), 8000);
  assert.equal(h.readUInt32LE(28), 32000, 'byte rate = rate × channels × 2');
  assert.equal(h.readUInt16LE(32), 4, 'block align');
  assert.equal(h.readUInt16LE(34), 16);
  assert.equal(h.readUInt32LE(40), 64000);
});

test('the WAV grows under a temporary name and appears whole under its own at finish', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-wav-'));
  const file = path.join(dir, '1-x.wav');
  const w = new WavFileWriter(file, 1);
  w.write(Int16Array.from({ length: 8000 }, (_, i) => i - 4000));
  assert.equal(existsSync(file), false, 'nothing under the final name before finish');
  assert.deepEqual(readdirSync(dir), ['.1-x.wav.part']);
  w.write(new Int16Array(100).fill(7));
  assert.equal(w.finish(), true);
  assert.deepEqual(readdirSync(dir), ['1-x.wav']);
  const wav = readWav(file);
  assert.equal(wav.samples.length, 8100);
  assert.equal(wav.riffSize, 36 + 8100 * 2);
  assert.equal(wav.samples[0], -4000);
  assert.equal(wav.samples[8099], 7);

  const abandoned = new WavFileWriter(path.join(dir, '2-y.wav'), 1);
  abandoned.write(new Int16Array(10));
  abandoned.abandon();
  assert.deepEqual(readdirSync(dir), ['1-x.wav'], 'an abandoned recording leaves nothing');
});

test('recording file names keep the Call-ID to safe characters', () => {
  assert.equal(recordingFileName(7, 'abc/../x y@host'), '7-abc_.._x_y_host.wav');
  assert.equal(recordingFileName(3, 'a'.repeat(300)).length, '3-'.length + 100 + '.wav'.length);
});

test('duplex: what was sent (left) and what arrived reordered (right) line up by timestamp', () => {
  const { rec, clock } = recorder(true);
  const random = seeded(19);
  // 2.4 s: the 1 s window moves to disk several times while the shuffle goes on.
  const n = 120;
  // The peer's packets 0..119 (A-law code 0x10 + i), delivered in a seeded shuffle: adjacent
  // swaps and one packet three places late, each arriving in the slot it was delivered in.
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 1; i + 1 < n; i++)
    if (random() < 0.3) [order[i], order[i + 1]] = [order[i + 1], order[i]];
  const late = order.splice(20, 1)[0];
  order.splice(23, 0, late);
  // Packet 33 is lost.
  const delivered = order.filter((i) => i !== 33);
  assert.notDeepEqual(
    delivered,
    [...delivered].sort((a, b) => a - b),
    'the seed reorders',
  );
  for (let slot = 0; slot < n; slot++) {
    clock.t = 1000 + slot * 20;
    // Ours: in order, code 0xd5 (A-law near-silence) xor a slot number, from a random timestamp.
    rec.onSent(rtp(8, 60000 + slot, 0xfffff000 + 160 * slot, 0x1111, 0x80 + slot));
    const i = delivered[slot];
    if (i !== undefined) rec.onReceived(rtp(8, 65530 + i, 5000 + 160 * i, 0x2222, 0x10 + i));
  }
  clock.t += 100;
  assert.equal(rec.finish(), true);
  const wav = readWav(rec.path);
  assert.equal(wav.channels, 2);
  assert.equal(wav.rate, 8000);
  assert.equal(wav.bits, 16);
  const frames = wav.samples.length / 2;
  assert.equal(frames, n * 160);
  for (let i = 0; i < n; i++) {
    for (const k of [0, 80, 159]) {
      const f = i * 160 + k;
      assert.equal(wav.samples[2 * f], alawToLinear(0x80 + i), `left, packet ${i}`);
      const right = i === 33 ? 0 : alawToLinear(0x10 + i);
      assert.equal(wav.samples[2 * f + 1], right, `right, packet ${i} sample ${k}`);
    }
  }
});

test('mono: other payload types are not recorded and are reported, not per packet', () => {
  const { rec, clock, unsupported } = recorder(false);
  for (let i = 0; i < 10; i++) {
    clock.t = 1000 + i * 20;
    rec.onReceived(rtp(0, i, 160 * i, 9, 0x7f));
    // G.729 and RFC 4733 events on the same call: skipped, silence stays.
    rec.onReceived(rtp(18, 100 + i, 160 * i, 10, 0x33));
  }
  // Duplex only: what we sent is not kept in a mono file.
  rec.onSent(rtp(8, 1, 1, 1, 0x55));
  assert.equal(rec.finish(), true);
  const wav = readWav(rec.path);
  assert.equal(wav.channels, 1);
  assert.equal(wav.samples.length, 10 * 160);
  assert.ok(wav.samples.every((s) => s === wav.samples[0]));
  assert.ok(unsupported.length > 0 && unsupported.every((u) => u === 'received 18'));
});

test('rtp_record off/on: the time between is cut out, what is recorded stays in order', () => {
  const { rec, clock } = recorder(false, false);
  let seq = 0;
  const send = (code: number, count: number) => {
    for (let i = 0; i < count; i++) {
      clock.t += 20;
      rec.onReceived(rtp(8, seq, 160 * seq, 5, code));
      seq++;
    }
  };
  send(0x11, 5); // off: not recorded
  rec.setOn(true);
  send(0x22, 10);
  rec.setOn(false);
  send(0x33, 20); // off again
  rec.setOn(true);
  send(0x44, 10);
  assert.equal(rec.finish(), true);
  const s = readWav(rec.path).samples;
  // Each stretch: the 20 ms from "on" to its first packet, then 10 packets; no off time.
  assert.equal(s.length, 2 * 11 * 160, 'two stretches of 11 packet times');
  assert.equal(s[0], 0);
  assert.equal(s[160], alawToLinear(0x22));
  assert.equal(s[11 * 160 - 1], alawToLinear(0x22));
  assert.equal(s[11 * 160 + 159], 0);
  assert.equal(s[12 * 160], alawToLinear(0x44));
  assert.ok(!s.includes(alawToLinear(0x33)));
});

test('a recording that received nothing writes no file', () => {
  const { rec, dir } = recorder(true);
  assert.equal(rec.finish(), false);
  assert.deepEqual(readdirSync(dir), []);
});
