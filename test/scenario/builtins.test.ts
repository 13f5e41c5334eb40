// Built-in uac/uas: structure, and messages byte-identical to what SIPp 3.6.1 sent (fixtures/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GossipperError } from '../../src/errors.ts';
import {
  BUILTIN_SCENARIO_NAMES,
  builtinScenarioXml,
  loadBuiltinScenario,
  renderTemplate,
  type Scenario,
  type SendCommand,
  type RecvCommand,
} from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource, fakeUasSource, fixture } from './fake-source.ts';

function send(s: Scenario, index: number): SendCommand {
  const c = s.commands[index];
  assert.equal(c.kind, 'send', `command ${index}`);
  return c as SendCommand;
}

function recv(s: Scenario, index: number): RecvCommand {
  const c = s.commands[index];
  assert.equal(c.kind, 'recv', `command ${index}`);
  return c as RecvCommand;
}

test('names and XML of the built-ins', () => {
  assert.deepEqual(
    [...BUILTIN_SCENARIO_NAMES],
    [
      'uac',
      'uas',
      'regexp',
      'branchc',
      'branchs',
      '3pcc-C-A',
      '3pcc-C-B',
      '3pcc-A',
      '3pcc-B',
      'uac_pcap',
      'ooc_default',
      'ooc_dummy',
      'management',
    ],
  );
  assert.match(builtinScenarioXml('uac') ?? '', /<scenario name="Basic Sipstone UAC">/);
  assert.match(builtinScenarioXml('uas') ?? '', /<scenario name="Basic UAS responder">/);
  assert.match(builtinScenarioXml('uac_pcap') ?? '', /play_pcap_audio="pcap\/g711a\.pcap"/);
  assert.doesNotMatch(builtinScenarioXml('uac') ?? '', /GNU General Public License/);
});

test('uac: client, one RTD, response matching data, repartitions', () => {
  const uac = loadBuiltinScenario('uac');
  assert.equal(uac.name, 'Basic Sipstone UAC');
  assert.equal(uac.fileStem, 'uac');
  assert.equal(uac.mode, 'client');
  assert.deepEqual(
    uac.commands.map((c) => c.kind),
    ['send', 'recv', 'recv', 'recv', 'recv', 'send', 'pause', 'send', 'recv'],
  );
  assert.deepEqual(uac.rtdNames, ['1']);
  assert.deepEqual(uac.counterNames, []);
  assert.equal(uac.totalPauseMs, 0);
  assert.deepEqual(uac.responseTimeRepartition, [10, 20, 30, 40, 50, 100, 150, 200]);
  assert.deepEqual(uac.callLengthRepartition, [10, 50, 100, 500, 1000, 5000, 10000]);
  assert.equal(send(uac, 0).retransMs, 500);
  assert.equal(send(uac, 5).retransMs, undefined);
  assert.deepEqual(
    [1, 2, 3].map((i) => recv(uac, i).optional),
    ['yes', 'yes', 'yes'],
  );
  assert.equal(recv(uac, 4).rtd, '1');
  assert.equal(recv(uac, 4).optional, 'no');
  assert.deepEqual([...recv(uac, 4).sentMethodsBefore], ['INVITE']);
  assert.deepEqual([...recv(uac, 8).sentMethodsBefore], ['INVITE', 'ACK', 'BYE']);
  assert.equal(recv(uac, 8).crlf, true);
  const pause = uac.commands[6];
  assert.ok(pause.kind === 'pause' && pause.duration.kind === 'default' && !pause.isTimewait);
  assert.equal(send(uac, 0).template.method, 'INVITE');
  assert.equal(
    send(uac, 0).template.firstLine,
    'INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0',
  );
});

test('uas: server, timewait, optional ACK closes RTD 1', () => {
  const uas = loadBuiltinScenario('uas');
  assert.equal(uas.mode, 'server');
  assert.deepEqual(
    uas.commands.map((c) => c.kind),
    ['recv', 'send', 'send', 'recv', 'recv', 'send', 'pause'],
  );
  assert.deepEqual(uas.rtdNames, ['1']);
  assert.equal(uas.totalPauseMs, 4000);
  const timewait = uas.commands[6];
  assert.ok(timewait.kind === 'pause' && timewait.isTimewait);
  assert.deepEqual(timewait.duration, { kind: 'fixed', ms: 4000 });
  assert.equal(recv(uas, 0).request, 'INVITE');
  assert.equal(recv(uas, 3).optional, 'yes');
  assert.equal(recv(uas, 3).rtd, '1');
  assert.deepEqual([...recv(uas, 4).sentMethodsBefore], []);
  assert.equal(send(uas, 1).template.statusCode, 180);
  assert.equal(send(uas, 2).template.isRequest, false);
  assert.equal(send(uas, 2).retransMs, 500);
  assert.deepEqual(uas.responseTimeRepartition, [10, 20, 30, 40, 50, 100, 150, 200]);
});

test('uac INVITE, ACK and BYE render byte-identical to SIPp', () => {
  const uac = loadBuiltinScenario('uac');
  const invite = renderTemplate(send(uac, 0).template, fakeSource({ msgIndex: 0 }));
  assert.equal(invite.toString('latin1'), fixture('sipp-uac-invite.sip').toString('latin1'));
  assert.match(invite.toString('latin1'), /\r\nContent-Length:   129\r\n\r\nv=0\r\n/);
  const dialog = { peerTag: '4923SIPpTag011', cseq: 2 };
  const ack = renderTemplate(send(uac, 5).template, fakeSource({ ...dialog, msgIndex: 5 }));
  assert.ok(ack.equals(fixture('sipp-uac-ack.sip')));
  const bye = renderTemplate(send(uac, 7).template, fakeSource({ ...dialog, msgIndex: 7 }));
  assert.ok(bye.equals(fixture('sipp-uac-bye.sip')));
});

test('uas 180, 200 (with SDP) and 200 to BYE render byte-identical to SIPp', () => {
  const uas = loadBuiltinScenario('uas');
  const afterInvite = fakeUasSource({ lastMessage: fakeMessage(fixture('sipp-uac-invite.sip')) });
  assert.equal(
    renderTemplate(send(uas, 1).template, afterInvite).toString('latin1'),
    fixture('sipp-uas-180.sip').toString('latin1'),
  );
  assert.ok(renderTemplate(send(uas, 2).template, afterInvite).equals(fixture('sipp-uas-200.sip')));
  const afterBye = fakeUasSource({ lastMessage: fakeMessage(fixture('sipp-uac-bye.sip')) });
  assert.ok(
    renderTemplate(send(uas, 5).template, afterBye).equals(fixture('sipp-uas-200-bye.sip')),
  );
});

test('unknown and not-yet-available built-in names', () => {
  const available = `available: ${BUILTIN_SCENARIO_NAMES.join(', ')}`;
  assert.throws(
    () => loadBuiltinScenario('nosuch'),
    (err: unknown) =>
      err instanceof GossipperError &&
      err.code === 'SCENARIO_NOT_FOUND' &&
      err.message === `unknown built-in scenario "nosuch" (${available})`,
  );
});
