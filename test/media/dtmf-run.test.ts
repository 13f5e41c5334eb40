/**
 * send_dtmf in a real run: our UAC sends digits to our UAS with -rtp_echo, whose answer maps
 * telephone-event to PT 98. The events leave with that payload type, the UAS counts them on
 * arrival, the echo brings them back to be counted again, and `[dtmf_digits]` prints what the
 * call sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import { freeMediaPortBlock, freeUdpPort } from '../peers/processes.ts';
import { mediaFolder } from './media-fixtures.ts';
import { mediaRun } from './media-runs.ts';

test(
  'send_dtmf uses the answer’s telephone-event PT; both ends count the digits',
  { timeout: 30_000 },
  async () => {
    const { dir, scenario } = mediaFolder({
      actions: '<exec send_dtmf="4*7,60,40"/><warning message="sent digits [dtmf_digits]"/>',
      pauseMs: 1200,
    });
    // Both offer and answer map telephone-event to 98, as a usual offer/answer does: each end
    // counts what arrives on the PT its peer mapped.
    writeFileSync(
      scenario,
      readFileSync(scenario, 'latin1')
        .replace(
          'RTP/AVP 8\n      a=rtpmap:8 PCMA/8000',
          'RTP/AVP 8 98\n      a=rtpmap:8 PCMA/8000\n      a=rtpmap:98 telephone-event/8000',
        )
        // After the pause, before the BYE: what the echo brought back, by [dtmf_received].
        .replace(
          '<pause milliseconds="1200"/>',
          '<pause milliseconds="1200"/><nop><action><warning message="received digits [dtmf_received]"/></action></nop>',
        ),
    );
    const uasFile = path.join(dir, 'uas-te.xml');
    writeFileSync(
      uasFile,
      (builtinScenarioXml('uas') ?? '').replace(
        'm=audio [media_port] RTP/AVP 0\n      a=rtpmap:0 PCMU/8000',
        'm=audio [media_port] RTP/AVP 0 98\n      a=rtpmap:0 PCMU/8000\n      a=rtpmap:98 telephone-event/8000',
      ),
    );
    const sipPort = await freeUdpPort();
    const uas = mediaRun({
      scenario: { kind: 'file', path: uasFile },
      localPort: sipPort,
      mediaPort: await freeMediaPortBlock(),
      rtp: { ...defaultRunConfig().rtp, echo: true },
      maxCalls: 1,
    });
    const errors: string[] = [];
    const types = new Set<number>();
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: scenario },
        remote: { host: '127.0.0.1', port: sipPort },
        localPort: 0,
        mediaPort: await freeMediaPortBlock(),
        maxCalls: 1,
      },
      { errors, onMediaPacket: (_port, _from, buf) => types.add(buf[1] & 0x7f) },
    );
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      const s = (await uas.done()).snapshot.cumulative;
      assert.equal(c.SuccessfulCall, 1, errors.join('\n'));
      // 60 ms tones: 3 updates and 3 end packets per digit.
      assert.equal(c.RtpPacketsSent, 18);
      assert.deepEqual([...types], [98], 'PT 98, as the answer mapped it');
      assert.equal(s.RtpDtmfEventsReceived, 3, 'the UAS counted three digits');
      assert.equal(c.RtpDtmfEventsReceived, 3, 'and the echo brought three back');
      assert.ok(
        errors.some((e) => e.startsWith('sent digits 4*7')),
        `[dtmf_digits] printed: ${errors.join('\n')}`,
      );
      assert.ok(
        errors.some((e) => e.startsWith('received digits 4*7 ')),
        `[dtmf_received] printed: ${errors.join('\n')}`,
      );
    } finally {
      uac.stop();
      uas.stop();
    }
  },
);

test(
  'bad send_dtmf and rtpcheck arguments: named at start with the file, each call fails counted',
  { timeout: 30_000 },
  async () => {
    const { scenario } = mediaFolder({
      actions: '<exec send_dtmf="1x"/><exec rtpcheck="direction=sideways"/>',
      pauseMs: 100,
    });
    const sipPort = await freeUdpPort();
    const uas = mediaRun({
      scenario: { kind: 'builtin', name: 'uas' },
      localPort: sipPort,
      maxCalls: 2,
    });
    const errors: string[] = [];
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: scenario },
        remote: { host: '127.0.0.1', port: sipPort },
        localPort: 0,
        mediaPort: await freeMediaPortBlock(),
        maxCalls: 2,
      },
      { errors },
    );
    try {
      await uas.start();
      await uac.start();
      const c = (await uac.done()).snapshot.cumulative;
      await uas.done();
      const atStart = errors.filter((e) =>
        /uac-media\.xml:\d+:\d+ <exec>: send_dtmf="1x": "X" is not a DTMF digit/.test(e),
      );
      assert.equal(atStart.length, 1, errors.join('\n'));
      assert.ok(
        errors.some((e) =>
          /uac-media\.xml:\d+:\d+ <exec>: rtpcheck="direction=sideways": direction=sideways is not any/.test(
            e,
          ),
        ),
        errors.join('\n'),
      );
      // The first failing action ends the block (as a failed check_it does): one cause per call.
      const perCall = errors.filter((e) =>
        /^call \d \(.+\): send_dtmf: send_dtmf="1x": "X" is not a DTMF digit .*\(.*uac-media\.xml:\d+\)/.test(
          e,
        ),
      );
      assert.equal(perCall.length, 2, errors.join('\n'));
      assert.equal(c.FailedMedia, 2);
      assert.equal(c.FailedCall, 2);
      assert.equal(c.SuccessfulCall, 0);
    } finally {
      uac.stop();
      uas.stop();
    }
  },
);
