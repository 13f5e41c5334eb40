/** RFC 4733 send_dtmf: the packet sequence, the payload type, a shared stream, receiving. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DtmfReceiver,
  DtmfSender,
  OwnRtpIdentity,
  parseSendDtmf,
  telephoneEventPayloadType,
} from '../../src/media/rfc4733-dtmf.ts';
import { parseSyntheticArgs, syntheticAudio } from '../../src/media/synthetic-audio.ts';
import { SyntheticStream } from '../../src/media/synthetic-stream.ts';
import type { ScheduledStream } from '../../src/media/stream-scheduler.ts';

interface Sent {
  readonly atMs: number;
  readonly packet: Buffer;
}

/** Fires the streams by due time, 1 ms steps of fake time, collecting every packet. */
function drive(
  streams: ScheduledStream[],
  untilMs: number,
  sent: Sent[],
  now: { t: number },
): void {
  for (now.t = 0; now.t <= untilMs; now.t++) {
    for (const s of streams) {
      if (s.dueMs < 0 || s.dueMs > now.t) continue;
      s.dueMs = s.fire(now.t);
    }
  }
  void sent;
}

function output(sent: Sent[], now: { t: number }) {
  return {
    send: (_d: number, b: Buffer): boolean => {
      sent.push({ atMs: now.t, packet: Buffer.from(b) });
      return true;
    },
  };
}

const event = (p: Buffer) => ({
  marker: (p[1] & 0x80) !== 0,
  pt: p[1] & 0x7f,
  seq: p.readUInt16BE(2),
  ts: p.readUInt32BE(4),
  ssrc: p.readUInt32BE(8),
  code: p[12],
  end: (p[13] & 0x80) !== 0,
  volume: p[13] & 0x3f,
  duration: p.readUInt16BE(14),
});

test('send_dtmf="1#": per digit, growing durations, marker first, three end packets', () => {
  const now = { t: 0 };
  const sent: Sent[] = [];
  const identity = new OwnRtpIdentity(() => 0.5, 0);
  const sender = new DtmfSender(parseSendDtmf('1#'), 101, identity, output(sent, now), 0);
  drive([sender], 2000, sent, now);
  const events = sent.map((s) => ({ at: s.atMs, ...event(s.packet) }));
  // 100 ms tone: 5 updates (duration 160..800) and 3 ends, 20 ms apart; a 100 ms gap follows.
  assert.equal(events.length, 16);
  const one = events.slice(0, 8);
  assert.deepEqual(
    one.map((e) => [e.at, e.code, e.marker, e.end, e.duration]),
    [
      [0, 1, true, false, 160],
      [20, 1, false, false, 320],
      [40, 1, false, false, 480],
      [60, 1, false, false, 640],
      [80, 1, false, false, 800],
      [100, 1, false, true, 800],
      [120, 1, false, true, 800],
      [140, 1, false, true, 800],
    ],
  );
  const hash = events.slice(8);
  assert.equal(hash[0].at, 240, 'the next digit after the last end packet and a 100 ms gap');
  assert.ok(
    hash.every((e) => e.code === 11),
    '# is event 11',
  );
  assert.equal(hash[0].marker, true);
  assert.ok(events.every((e) => e.pt === 101 && e.volume === 10 && e.ssrc === identity.ssrc));
  for (let i = 1; i < events.length; i++)
    assert.equal(events[i].seq, (events[i - 1].seq + 1) & 0xffff, 'sequence +1 per packet');
  assert.ok(
    one.every((e) => e.ts === one[0].ts),
    'one timestamp per event',
  );
  // 240 ms later at 8 kHz.
  assert.equal(hash[0].ts - one[0].ts, 240 * 8);
});

test('with an audio stream running, events take its SSRC and sequence numbers', () => {
  const now = { t: 0 };
  const sent: Sent[] = [];
  const args = parseSyntheticArgs('synthetic,1,0,,20,400', 8);
  const out = output(sent, now);
  const audio = new SyntheticStream(syntheticAudio(args), 0, 400, 20, out, 0, () => 0.75, false);
  const dtmf = new DtmfSender(parseSendDtmf('5,60'), 96, audio, out, 10);
  drive([audio, dtmf], 1000, sent, now);
  const packets = sent.map((s) => event(s.packet));
  const events = packets.filter((p) => p.pt === 96);
  assert.equal(events.length, 3 + 3, '60 ms tone: 3 updates, 3 ends');
  assert.equal(packets.filter((p) => p.pt === 0).length, 20);
  assert.ok(
    packets.every((p) => p.ssrc === audio.ssrc),
    'one SSRC',
  );
  const seqs = packets.map((p) => p.seq);
  for (let i = 1; i < seqs.length; i++)
    assert.equal(seqs[i], (seqs[i - 1] + 1) & 0xffff, 'one sequence, in send order');
  // The event starts at 10 ms: half a packet after the audio packet stamped at 0 ms.
  const firstAudio = packets[0];
  assert.equal(events[0].ts - firstAudio.ts, 80);
});

test('digits, tone and gap are checked; the telephone-event PT comes from the SDP', () => {
  assert.deepEqual(parseSendDtmf('12*#abcd'), { digits: '12*#ABCD', toneMs: 100, gapMs: 100 });
  assert.deepEqual(parseSendDtmf('9,250,40'), { digits: '9', toneMs: 250, gapMs: 40 });
  assert.throws(() => parseSendDtmf('12x'), /send_dtmf="12x": "X" is not a DTMF digit/);
  assert.throws(() => parseSendDtmf(''), /no digit/);
  assert.throws(() => parseSendDtmf('1,5'), /tone 5/);
  const sdp =
    'm=audio 4000 RTP/AVP 0 98\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:98 telephone-event/8000\r\n';
  assert.equal(telephoneEventPayloadType(sdp), 98);
  assert.equal(telephoneEventPayloadType('m=audio 4000 RTP/AVP 0\r\n'), -1);
});

test('the receiver counts one digit per event, even when its first packets were lost', () => {
  const now = { t: 0 };
  const sent: Sent[] = [];
  const sender = new DtmfSender(
    parseSendDtmf('1231'),
    101,
    new OwnRtpIdentity(() => 0.1, 0),
    output(sent, now),
    0,
  );
  drive([sender], 3000, sent, now);
  const rx = new DtmfReceiver();
  // Drop the first two packets of the first event: the third still counts it, once.
  for (const s of sent.slice(2)) rx.onPacket(s.packet);
  assert.equal(rx.digits, '1231');
  assert.equal(rx.count('1'), 2);
  assert.equal(rx.count('3'), 1);
  assert.equal(rx.count('#'), 0);
});
