import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildResponse, PEER_ADDRESS } from '../peers/memory-transport.ts';
import { clientXml, EngineHarness, sendRequest } from './engine-harness.ts';

const XML = clientXml(`${sendRequest('OPTIONS', 'start_rtd="1"')}
<recv response="200" rtd="1"/>`);

function measured(ageMs: number | undefined): number {
  const h = new EngineHarness({
    scenario: XML,
    rate: { callsPerPeriod: 10 },
    config: { maxCalls: 1 },
  });
  while (h.transport.sent.length === 0) h.run(1);
  const options = h.transport.sent[0].msg;
  h.clock.advance(20);
  h.engine.onDatagram(buildResponse(options, 200), PEER_ADDRESS, h.transport, ageMs);
  const rtd = h.snapshot().rtds[0].cumulative;
  assert.equal(rtd.count, 1);
  return rtd.minMs;
}

test('a response time ends when the datagram reached the host, not when the loop got to it', () => {
  assert.equal(measured(undefined), 20);
  assert.equal(measured(0), 20);
  // The kernel took it in 7 ms before our event loop read it (a deferred read, a GC pause).
  assert.equal(measured(7), 13);
});
