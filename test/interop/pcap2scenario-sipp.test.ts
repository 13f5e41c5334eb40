/**
 * pcap2scenario's output runs for real: a capture of a call (built in memory: SIP, SDP and each
 * side's RTP) is converted, then the generated scenarios place the call between SIPp and us,
 * both ways, each side replaying its captured RTP with play_pcap_audio:
 * - over UDP with a 407 challenge: SIPp runs scenario_uac.xml (-au/-ap) into our
 *   scenario_uas.xml;
 * - over TCP (the capture's SIP reassembled from segments): our scenario_uac.xml into SIPp's
 *   scenario_uas.xml;
 * - a call the callee hangs up: SIPp's scenario_uas.xml sends the BYE to our scenario_uac.xml.
 * SIPp replays captures through a raw socket, so these need root (as SIPp does).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../src/main.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { mediaBase, mediaRun } from '../media/media-runs.ts';
import { callCapture, type CallCaptureOptions } from '../pcap2scenario/call-capture.ts';
import {
  describeRun,
  freeUdpPort,
  sippRequirement,
  startSipp,
  waitForUdpListener,
  type Peer,
} from '../peers/processes.ts';
import { startSippMediaUac } from '../peers/sipp-media.ts';
import { waitForTcpListener } from './tcp-listen-wait.ts';

const EXIT_WITHIN_MS = 20_000;
const RTP_PACKETS = 25;
const ONE_SUCCESSFUL_CALL = /Successful call\s+\|\s+\d+\s+\|\s+1\b/;

/** Converts a call capture with the CLI; returns the folder holding the four files. */
async function converted(o: CallCaptureOptions): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-p2s-'));
  writeFileSync(path.join(dir, 'call.pcap'), callCapture(o));
  const io = fakeIo(dir);
  assert.equal(await main(['pcap2scenario', 'call.pcap', '-out', 'out'], io), 0, io.err());
  return path.join(dir, 'out');
}

/** SIPp answers with scenario_uas.xml; our scenario_uac.xml calls it. */
async function ourUacIntoSippUas(o: CallCaptureOptions): Promise<void> {
  const out = await converted(o);
  const sipPort = await freeUdpPort();
  const tcp = o.transport === 'tcp';
  let sipp: Peer | undefined;
  try {
    sipp = startSipp(
      [
        ...['-sf', 'scenario_uas.xml', '-t', tcp ? 't1' : 'u1', '-i', '127.0.0.1'],
        ...['-p', String(sipPort), '-mp', String(mediaBase()), '-m', '1', '-nostdin'],
      ],
      out,
    );
    if (tcp) await waitForTcpListener(sipPort, sipp);
    else await waitForUdpListener(sipPort, sipp);
    const errors: string[] = [];
    const uac = mediaRun(
      {
        scenario: { kind: 'file', path: path.join(out, 'scenario_uac.xml') },
        remote: { host: '127.0.0.1', port: sipPort },
        transport: { protocol: o.transport, sockets: 'shared' },
        localPort: 0,
        mediaPort: mediaBase(),
        maxCalls: 1,
      },
      { errors },
    );
    await uac.start();
    const c = (await uac.done()).snapshot.cumulative;
    assert.equal(c.SuccessfulCall, 1, describeRun(sipp));
    assert.deepEqual(errors, [], 'no warning or error from our side');
    assert.equal(c.RtpPacketsSent, RTP_PACKETS, "the caller's captured RTP, from us");
    assert.equal(c.RtpPacketsReceived, RTP_PACKETS, "the callee's captured RTP, from SIPp");
    assert.equal(await sipp.exit(EXIT_WITHIN_MS), 0, describeRun(sipp));
    assert.match(sipp.stdout(), ONE_SUCCESSFUL_CALL, describeRun(sipp));
  } finally {
    sipp?.kill();
  }
}

const TIMEOUT = { timeout: EXIT_WITHIN_MS + 5000 };

describe(
  'pcap2scenario output against SIPp',
  { skip: sippRequirement(), concurrency: false },
  () => {
    it('SIPp runs scenario_uac.xml (UDP, 407) into our scenario_uas.xml', TIMEOUT, async () => {
      const out = await converted({
        transport: 'udp',
        auth: true,
        rtpPackets: RTP_PACKETS,
        callMs: 800,
      });
      const sipPort = await freeUdpPort();
      const errors: string[] = [];
      const uas = mediaRun(
        {
          scenario: { kind: 'file', path: path.join(out, 'scenario_uas.xml') },
          localPort: sipPort,
          mediaPort: mediaBase(),
          maxCalls: 1,
        },
        { errors },
      );
      await uas.start();
      let sipp: Peer | undefined;
      try {
        sipp = startSippMediaUac(
          ['-sf', 'scenario_uac.xml', '-au', 'alice', '-ap', 'secret'],
          sipPort,
          mediaBase(),
          out,
        );
        assert.equal(await sipp.exit(EXIT_WITHIN_MS), 0, describeRun(sipp));
        assert.match(sipp.stdout(), ONE_SUCCESSFUL_CALL, describeRun(sipp));
        const c = (await uas.done()).snapshot.cumulative;
        assert.equal(c.SuccessfulCall, 1);
        assert.equal(c.FailedCall, 0);
        assert.deepEqual(errors, [], 'no warning or error from our side');
        assert.equal(c.RtpPacketsReceived, RTP_PACKETS, "the caller's captured RTP, from SIPp");
        assert.equal(c.RtpPacketsSent, RTP_PACKETS, "the callee's captured RTP, from us");
      } finally {
        sipp?.kill();
      }
    });

    it('our scenario_uac.xml (TCP) into SIPp running scenario_uas.xml', TIMEOUT, () =>
      ourUacIntoSippUas({ transport: 'tcp', rtpPackets: RTP_PACKETS, callMs: 800 }),
    );

    it('the callee hangs up: SIPp sends scenario_uas.xml BYE to our UAC', TIMEOUT, () =>
      ourUacIntoSippUas({
        transport: 'udp',
        rtpPackets: RTP_PACKETS,
        callMs: 800,
        hangUp: 'callee',
      }),
    );
  },
);
