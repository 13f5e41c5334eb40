import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dtmf2833DigitOneCapture, g711aToneCapture } from '../../src/media/index.ts';
import { readUdpDatagrams } from '../../src/pcap/index.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/pcap');

test("uac_pcap's captures: examples/pcap holds what the generator makes, and they read back", () => {
  const tone = g711aToneCapture();
  const dtmf = dtmf2833DigitOneCapture();
  assert.deepEqual(readFileSync(path.join(EXAMPLES, 'g711a.pcap')), tone);
  assert.deepEqual(readFileSync(path.join(EXAMPLES, 'dtmf_2833_1.pcap')), dtmf);
  const audio = readUdpDatagrams(tone, 'g711a.pcap');
  assert.equal(audio.length, 400);
  assert.equal(audio[399].timeUs - audio[0].timeUs, 399 * 20_000);
  assert.equal(audio[0].payload[1], 0x80 | 8, 'marker, PCMA');
  assert.equal(audio[0].payload.length, 172);
  const events = readUdpDatagrams(dtmf, 'dtmf_2833_1.pcap');
  assert.equal(events.length, 15);
  assert.ok(events.every((e) => (e.payload[1] & 0x7f) === 101 && e.payload[12] === 1));
  assert.equal(events.filter((e) => (e.payload[13] & 0x80) !== 0).length, 3, 'three end packets');
});
