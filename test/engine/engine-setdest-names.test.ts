/**
 * setdest as sipp 3.6.1 has it (call.cpp): a host name is resolved (getaddrinfo there; looked up
 * before traffic here, run/setdest-hosts.ts), an unknown one fails the call with "Unknown host
 * 'x' for setdest"; TLS answers "Changing destinations is not supported for TLS." and TCP over
 * one shared connection "Changing destinations for TCP or SCTP requires multisocket mode.".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunContext } from '../../src/engine/index.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';
import { resolveSetdestHosts, setdestHostNames } from '../../src/run/setdest-hosts.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';

const nop = (actions: string): string => `<nop><action>${actions}</action></nop>`;

function call(body: string, hosts?: ReadonlyMap<string, string>): EngineHarness {
  const h = new EngineHarness({
    scenario: clientXml(`${sendRequest('MESSAGE')}\n<recv response="200"/>\n${body}`),
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(),
    config: { maxCalls: 1 },
  });
  // What Run puts in the context after its lookups.
  const core = (
    h.engine as unknown as { core: { ctx: { hostAddresses?: RunContext['hostAddresses'] } } }
  ).core;
  core.ctx.hostAddresses = hosts;
  h.run(400);
  return h;
}

test('a looked-up host name: the call moves to its address', () => {
  const h = call(
    nop('<setdest host="sut.example" port="5099" protocol="udp"/>') + sendRequest('INFO'),
    new Map([['sut.example', '127.0.0.9']]),
  );
  const info = h.transport.sent.find((d) => d.msg.method === 'INFO');
  assert.deepEqual(info?.to, { address: '127.0.0.9', port: 5099 });
});

test("a name that did not resolve: sipp's Unknown host, the call fails", () => {
  const h = call(nop('<setdest host="nowhere.invalid" port="5099" protocol="udp"/>'), new Map());
  assert.deepEqual(h.done, ['fatal']);
  assert.match(h.engine.lastError, /^Unknown host 'nowhere\.invalid' for setdest/);
});

test('the literal names of the scenario are the ones looked up', async () => {
  const s = loadScenarioXml(
    clientXml(
      `${sendRequest('MESSAGE')}\n<recv response="200"/>\n` +
        nop(
          '<setdest host="sut.example" port="1" protocol="udp"/>' +
            '<setdest host="10.0.0.1" port="1" protocol="udp"/>' +
            '<setdest host="::1" port="1" protocol="udp"/>' +
            '<setdest host="localhost" port="1" protocol="udp"/>' +
            '<assignstr assign_to="h" value="x"/>' +
            '<setdest host="[$h]" port="1" protocol="udp"/>',
        ),
    ),
    'setdest.xml',
  );
  assert.deepEqual(setdestHostNames([s, undefined]), ['sut.example']);
  const found = await resolveSetdestHosts(['localhost'], 4);
  assert.equal(found.get('localhost'), '127.0.0.1');
});
