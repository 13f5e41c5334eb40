// Run.replaceScenario over a real UDP socket on loopback: an answering run swaps its scenario,
// the next call is answered by the new one, the statistics keep both, and a scenario of the
// other mode is refused without changing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig } from '../../src/config/index.ts';
import { FakeClock, NULL_TRACE_SINK } from '../../src/engine/index.ts';
import { ScenarioError } from '../../src/errors.ts';
import { Run } from '../../src/run/index.ts';
import type { Ticker } from '../../src/run/index.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { parseSipMessage } from '../../src/sip/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { buildRequest } from '../peers/memory-transport.ts';

function answering(subject: string): string {
  return `<?xml version="1.0"?>
<scenario name="answer">
<recv request="OPTIONS"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[call_number]
[last_Call-ID:]
[last_CSeq:]
Subject: ${subject}
Content-Length: 0

]]></send>
</scenario>
`;
}

test('an answering run swaps its scenario: the next call is answered by the new one', async () => {
  const config: RunConfig = {
    ...defaultRunConfig(),
    scenario: { kind: 'file', path: 'old.xml' },
    localIp: '127.0.0.1',
    localPort: 0,
    noStdin: true,
  };
  const run = new Run(config, loadScenarioXml(answering('old'), 'old.xml'), {
    clock: new FakeClock(),
    trace: NULL_TRACE_SINK,
    pid: 4242,
    warmUp: false,
    startTicker(): Ticker {
      return { wake() {}, stop() {} };
    },
  });
  await run.start();
  const peer = createSocket('udp4');
  peer.bind(0, '127.0.0.1');
  await once(peer, 'listening');
  const ask = async (callId: string): Promise<SipMessage> => {
    const answered = once(peer, 'message') as Promise<[Buffer]>;
    peer.send(
      buildRequest('OPTIONS', { callId, cseq: 1 }),
      run.transport.localAddress.port,
      '127.0.0.1',
    );
    return parseSipMessage((await answered)[0]) as SipMessage;
  };
  try {
    assert.equal((await ask('first')).header('Subject'), 'old');
    run.replaceScenario(loadScenarioXml(answering('new'), 'new.xml'));
    assert.equal(run.scenario.fileStem, 'new');
    assert.equal((await ask('second')).header('Subject'), 'new');

    const client = loadScenarioXml(
      answering('x')
        .replace('<recv request="OPTIONS"/>', '')
        .replace('</send>', '</send><recv response="200"/>'),
      'client.xml',
    );
    assert.throws(() => run.replaceScenario(client), ScenarioError);
    assert.equal(run.scenario.fileStem, 'new', 'a refused scenario changes nothing');

    assert.deepEqual(
      run.programSnapshots().map((p) => [p.label, p.snapshot.cumulative.SuccessfulCall]),
      [
        ['old', 1],
        ['new', 1],
      ],
    );
    assert.equal(run.snapshot().cumulative.SuccessfulCall, 2);
  } finally {
    peer.close();
    run.stop();
    await run.done();
  }
});
