import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RtpSender } from '../../src/rtp-send/rtp-sender.ts';
import { findSilenceCodec } from '../../src/rtp-send/silence-frames.ts';

function sender(
  startMs: number,
  durationMs: number,
  frameMs: number,
): { s: RtpSender; sent: Buffer[] } {
  const sent: Buffer[] = [];
  const codec = findSilenceCodec('PCMA');
  assert.ok(codec !== undefined);
  const s = new RtpSender({
    codec,
    payloadType: 8,
    frameMs,
    channels: 1,
    startMs,
    durationMs,
    random: () => 0.5,
    wallMs: () => 0,
    sendRtp: (p) => sent.push(p),
  });
  return { s, sent };
}

test('-rtp_send: one packet per packet time in the duration, whatever the start time', () => {
  // Fractional starts made the float sum of 50 × 20 ms fall short of the end: a 51st packet.
  for (const start of [0, 1234.567, 98765.4321, 0.1]) {
    const { s, sent } = sender(start, 1000, 20);
    let due = s.fire(start);
    while (due !== -1) {
      s.dueMs = due; // as the StreamScheduler keeps it
      due = s.fire(due);
    }
    assert.equal(sent.length, 50, `start ${start}`);
    assert.equal(s.fire(start + 5000), -1);
    assert.equal(sent.length, 50);
  }
  const { s, sent } = sender(0.3, 1010, 20);
  let due = s.fire(0.3);
  while (due !== -1) {
    s.dueMs = due; // as the StreamScheduler keeps it
    due = s.fire(due);
  }
  assert.equal(sent.length, 51, 'a packet time begun before the end is sent');
});
