/**
 * A real user agent as the far end, in clear: our UAC calls Debian's baresip, streams a 440 Hz
 * tone (a WAV made by sox) and sends RFC 4733 digits with send_dtmf while the stream runs.
 * Baresip's recording of what it decoded holds our tone (Goertzel), what we received holds its
 * 1000 Hz file, and baresip reports each digit it received, in order.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { baresipRequirement, startBaresip, type Baresip } from '../peers/baresip.ts';
import { freeMediaPortBlock } from '../peers/processes.ts';
import { collectPcma, readWavPcm16, soxTone, toneDominance } from '../peers/tone-analysis.ts';
import { mediaRun } from '../media/media-runs.ts';
import { mediaFolder } from '../media/media-fixtures.ts';

const OURS_HZ = 440;
const THEIRS_HZ = 1000;
const OTHERS = [300, 700, 1500, 2500];
const DIGITS = '159#';

describe('baresip as the far end, in clear', { skip: baresipRequirement() }, () => {
  test('tones both ways and RFC 4733 digits received in order', { timeout: 40_000 }, async () => {
    const made = mediaFolder({
      actions: `<exec rtp_stream="tone440.wav,1,8"/><exec send_dtmf="${DIGITS}"/>`,
      pauseMs: 2600,
    });
    // Offer telephone-event beside PCMA, as a phone does: baresip then decodes the events.
    const offer = 'RTP/AVP 8\n      a=rtpmap:8 PCMA/8000';
    const xml = readFileSync(made.scenario, 'latin1');
    assert.ok(xml.includes(offer));
    writeFileSync(
      made.scenario,
      xml.replace(
        offer,
        'RTP/AVP 8 101\n      a=rtpmap:8 PCMA/8000\n      a=rtpmap:101 telephone-event/8000\n      a=fmtp:101 0-15',
      ),
    );
    soxTone(path.join(made.dir, 'tone440.wav'), 2, OURS_HZ);
    const theirs = path.join(made.dir, 'tone1k.wav');
    soxTone(theirs, 8, THEIRS_HZ);
    let peer: Baresip | undefined;
    const heard: number[] = [];
    const errors: string[] = [];
    try {
      peer = await startBaresip({ sourceWav: theirs, modules: ['menu.so'] });
      const uac = mediaRun(
        {
          scenario: { kind: 'file', path: made.scenario },
          remote: { host: '127.0.0.1', port: peer.port },
          localPort: 0,
          mediaPort: await freeMediaPortBlock(),
          maxCalls: 1,
        },
        {
          errors,
          onMediaPacket: collectPcma(heard),
        },
      );
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      uac.stop();
      const log = peer.peer.stdout() + peer.peer.stderr();
      assert.equal(c.SuccessfulCall, 1, `${errors.join('\n')}\n${log.slice(-3000)}`);
      assert.equal(c.FailedMedia, 0, errors.join('\n'));
      const back = toneDominance(heard, 8000, THEIRS_HZ, [OURS_HZ, ...OTHERS]);
      assert.ok(back > 100, `baresip's ${THEIRS_HZ} Hz in what we received: ${back}`);
      assert.equal(await peer.stop(), 0);
      // baresip 1.0 logs each telephone-event as it starts and as it ends (end=1).
      const got = [...log.matchAll(/received event: '(.)' \(end=1\)/g)].map((m) => m[1]).join('');
      assert.equal(got, DIGITS, `digits baresip reported:\n${log.slice(-3000)}`);
      const recorded = peer.recordedFile();
      assert.ok(recorded !== undefined, `baresip recorded nothing in ${peer.dir}`);
      const { rate, samples } = readWavPcm16(recorded);
      const inFile = toneDominance(samples, rate, OURS_HZ, [THEIRS_HZ, ...OTHERS]);
      assert.ok(inFile > 100, `our ${OURS_HZ} Hz in baresip's recording: ${inFile}`);
    } finally {
      peer?.peer.kill('SIGKILL');
    }
  });
});
