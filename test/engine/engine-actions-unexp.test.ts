// `_unexp.main`, `_unexp.retaddr`, `_unexp.pausedaddr`, `pauserestore`, `-pause_msg_ign` and
// `-callid_slash_ign` on the fake clock. The sequences mirror runs of SIPp 3.6.1 with the same
// scenario and a peer sending INFO into the pause (its -trace_logs lines are quoted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScriptedUas, buildRequest } from '../peers/memory-transport.ts';
import { EngineHarness, PID, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

const CALL_ID = `1-${PID}@127.0.0.1`;

const OK = `<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>`;

/** SIPp's documented pattern: an INFO during the pause is answered, then the pause resumes. */
const UNEXP_SCENARIO = clientXml(
  [
    sendRequest('MESSAGE'),
    '<recv response="200"/>',
    '<pause milliseconds="1000"><action><log message="pause at [clock_tick]"/></action></pause>',
    '<nop><action><log message="after pause [clock_tick] ret=[$_unexp.retaddr]"/></action></nop>',
    '<nop next="end"/>',
    '<label id="_unexp.main"/>',
    '<nop><action><log message="in unexp at [clock_tick]: ret=[$_unexp.retaddr] paused=[$_unexp.pausedaddr]"/></action></nop>',
    '<recv request="INFO"><action><log message="got info"/></action></recv>',
    OK,
    '<nop><action><jump variable="_unexp.retaddr"/><pauserestore variable="_unexp.pausedaddr"/>' +
      '<log message="jumping back"/></action></nop>',
    '<label id="end"/>',
  ].join('\n'),
);

function harness(scenario: string, o: Partial<HarnessOptions> = {}): EngineHarness {
  return new EngineHarness({
    scenario,
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(),
    ...o,
    config: { maxCalls: 1, ...o.config },
  });
}

const info = (cseq: number, callId = CALL_ID): Buffer =>
  buildRequest('INFO', { callId, cseq, toTag: 'x' });

/** Clock time in a "... at N..." / "... pause N ..." log line. */
const timeIn = (line: string): number => Number(/(\d+)/.exec(line.replace(/^\D+/, ''))?.[1]);

test('_unexp.main: the message is handled there, then jump + pauserestore resume the pause', () => {
  const h = harness(UNEXP_SCENARIO);
  h.run(400);
  h.transport.inject(info(5));
  h.run(1500);
  const logs = h.trace.logs;
  assert.equal(logs.length, 5, logs.join('\n'));
  const pauseAt = timeIn(logs[0]);
  assert.match(logs[0], /^pause at \d+$/);
  assert.match(
    logs[1],
    new RegExp(`^in unexp at \\d+: ret=2\\.000000 paused=${pauseAt + 1000}\\.000000$`),
  );
  assert.deepEqual(logs.slice(2, 4), ['got info', 'jumping back']);
  assert.equal(logs[4], `after pause ${pauseAt + 1000} ret=2.000000`, 'the old deadline holds');
  assert.deepEqual(
    h.transport.sent.map((d) => d.msg.statusCode || d.msg.method),
    ['MESSAGE', 200],
    'the INFO got its 200',
  );
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1);
  assert.equal(c.FailedCall, 0);
  assert.equal(
    h.snapshot().steps.reduce((n, s) => n + s.unexpected, 0),
    0,
    'SIPp 3.6.1 does not count a message sent to _unexp.main as unexpected',
  );
});

test('a second unexpected message while _unexp.retaddr is set gets the default handling', () => {
  const h = harness(UNEXP_SCENARIO);
  h.run(400);
  h.transport.inject(info(5));
  h.run(100);
  h.transport.inject(info(6));
  h.run(1500);
  assert.deepEqual(h.trace.logs.slice(2), ['got info', 'jumping back']);
  const c = h.counters();
  assert.equal(c.FailedUnexpectedMessage, 1);
  assert.equal(c.SuccessfulCall, 0);
  assert.equal(
    h.snapshot().steps.reduce((n, s) => n + s.unexpected, 0),
    1,
    'only the second one, handled by default, is counted',
  );
});

const PAUSE_SCENARIO = clientXml(
  [
    sendRequest('MESSAGE'),
    '<recv response="200"/>',
    '<pause milliseconds="1000"/>',
    '<nop><action><log message="done"/></action></nop>',
  ].join('\n'),
);

test('-pause_msg_ign: what reaches a call in a pause is dropped', () => {
  const h = harness(PAUSE_SCENARIO, { config: { pauseMsgIgn: true } });
  h.run(400);
  h.transport.inject(info(5));
  h.run(1500);
  assert.deepEqual(h.trace.logs, ['done']);
  assert.equal(h.counters().SuccessfulCall, 1);
  assert.equal(
    h.snapshot().steps.reduce((n, s) => n + s.unexpected, 0),
    0,
  );

  const without = harness(PAUSE_SCENARIO);
  without.run(400);
  without.transport.inject(info(5));
  without.run(1500);
  assert.equal(without.counters().FailedUnexpectedMessage, 1);
});

const INFO_SCENARIO = clientXml(
  [
    sendRequest('MESSAGE'),
    '<recv response="200"/>',
    '<recv request="INFO" timeout="2000"/>',
    OK,
  ].join('\n'),
);

test('a "prefix///" Call-ID reaches its call, unless -callid_slash_ign', () => {
  const h = harness(INFO_SCENARIO);
  h.run(400);
  h.transport.inject(info(5, `abc///${CALL_ID}`));
  h.run(100);
  assert.equal(h.counters().SuccessfulCall, 1);

  const ign = harness(INFO_SCENARIO, { config: { callidSlashIgn: true } });
  ign.run(400);
  ign.transport.inject(info(5, `abc///${CALL_ID}`));
  ign.run(3000);
  assert.equal(ign.counters().SuccessfulCall, 0);
  assert.equal(ign.counters().FailedTimeoutOnRecv, 1);
});
