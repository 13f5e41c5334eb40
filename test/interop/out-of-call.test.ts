/**
 * -oocsn ooc_default side by side with SIPp 3.6.1: a uac that receives a request of no call
 * answers it through the out-of-call scenario, with the same 200 (Via, From, To, Call-ID and CSeq
 * copied, a Contact naming the local socket).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { probeUdp, rawRequest } from './udp-probe.ts';

async function answerFrom(start: (args: string[]) => Peer, method: string): Promise<string[]> {
  const [port, target] = [await freeUdpPort(), await freeUdpPort()];
  // The uac's own call goes to a port nobody answers; -d keeps it open while we probe.
  const peer = start([
    '-sn',
    'uac',
    `127.0.0.1:${target}`,
    '-p',
    String(port),
    '-i',
    '127.0.0.1',
    '-m',
    '1',
    '-d',
    '10000',
    '-oocsn',
    'ooc_default',
    '-nostdin',
  ]);
  try {
    await waitForUdpListener(port, peer);
    const answers = await probeUdp(
      port,
      (p) =>
        rawRequest(p, {
          startLine: `${method} sip:x@127.0.0.1 SIP/2.0`,
          callId: 'ooc-probe-1',
          method,
        }),
      3000,
    );
    // Ports differ from run to run (ours, the probe's); the rest must match byte for byte.
    return answers.map((a) => a.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:N'));
  } finally {
    killRunning([peer]);
  }
}

describe('-oocsn ooc_default', { skip: sippRequirement() }, () => {
  for (const method of ['OPTIONS', 'INVITE']) {
    it(`answers an out-of-call ${method} as SIPp does`, { timeout: 20_000 }, async () => {
      requireBuiltBin();
      const theirs = await answerFrom(startSipp, method);
      const ours = await answerFrom(startGossipper, method);
      assert.equal(theirs.length, 1, 'SIPp answered');
      assert.match(theirs[0], /^SIP\/2\.0 200 OK\r\n/);
      assert.deepEqual(ours, theirs);
    });
  }
});
