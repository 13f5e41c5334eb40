// Actions other than ereg, on the fake clock. Values and warning texts marked "SIPp" were
// measured on SIPp 3.6.1 with the same actions (its -trace_logs and -trace_err files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScriptedUas, PEER_ADDRESS } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from './engine-harness.ts';
import type { HarnessOptions } from './engine-harness.ts';

/** One client call: the MESSAGE, its 200, then `body`. */
function call(body: string, o: Partial<HarnessOptions> = {}): EngineHarness {
  const h = new EngineHarness({
    scenario: clientXml(`${sendRequest('MESSAGE')}\n<recv response="200"/>\n${body}`),
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(),
    ...o,
    config: { maxCalls: 1, ...o.config },
  });
  h.run(400);
  return h;
}

const nop = (actions: string): string => `<nop><action>${actions}</action></nop>`;

test('log: the expanded message goes to TraceSink.log', () => {
  const h = call(nop('<log message="call [call_number] at index [$i]"/><index assign_to="i"/>'));
  // [$i] is read before the index action sets it: empty, as SIPp prints an unset variable.
  assert.deepEqual(h.trace.logs, ['call 1 at index ']);
});

test('assignments, strcmp, test, index, trim: the values SIPp logged', () => {
  const h = call(
    nop(`
      <assignstr assign_to="v" value="abc 123 def"/>
      <strcmp assign_to="c1" variable="v" value="abd"/>
      <strcmp assign_to="c2" variable="v" value="abc 123 def"/>
      <strcmp assign_to="c3" variable="v" value="a"/>
      <test assign_to="t1" variable="v" compare="equal" value="0"/>
      <test assign_to="t2" variable="v" compare="greater_than" value="0"/>
      <index assign_to="ix"/>
      <assign assign_to="z" value="0"/>
      <assign assign_to="o" value="2"/>
      <divide assign_to="o" value="4"/>
      <assignstr assign_to="w" value="  a b  "/>
      <trim assign_to="w"/>
      <log message="c=[$c1]|[$c2]|[$c3]|t=[$t1]|[$t2]|ix=[$ix]|z=[$z]|o=[$o]|w=|[$w]|"/>`),
  );
  assert.deepEqual(h.trace.logs, [
    'c=-1.000000||98.000000|t=true|false|ix=2.000000|z=|o=0.500000|w=|a b|',
  ]);
});

test('test with check_it: FailedTestDoesntMatch, SIPp warning text, the call goes on', () => {
  const h = call(
    nop(
      '<assign assign_to="n" value="3"/>' +
        '<test assign_to="t" variable="n" compare="less_than" value="2" check_it="true"/>' +
        '<log message="after [$t]"/>',
    ) + nop('<log message="continued"/>'),
  );
  const c = h.counters();
  assert.equal(c.FailedTestDoesntMatch, 1);
  assert.equal(c.FailedCall, 1);
  assert.equal(c.SuccessfulCall, 0);
  assert.deepEqual(h.trace.logs, ['continued']);
  assert.ok(
    h.trace.warnings.some((w) =>
      w.startsWith('test "n:3.000000 < :2.000000" with check_it failed'),
    ),
  );
});

test('test check_it_inverse with variable2: FailedTestShouldntMatch', () => {
  const h = call(
    nop(
      '<assign assign_to="a" value="3"/><assign assign_to="b" value="3"/>' +
        '<test variable="a" variable2="b" compare="greater_than_equal" check_it_inverse="true"/>',
    ),
  );
  assert.equal(h.counters().FailedTestShouldntMatch, 1);
  assert.ok(
    h.trace.warnings.some((w) =>
      w.startsWith('test "a:3.000000 >= b:3.000000" with check_it_inverse failed'),
    ),
  );
});

test('strcmp check_it / check_it_inverse: FailedStrcmp* with SIPp warning texts', () => {
  const inverse = call(
    nop(
      '<assignstr assign_to="n" value="x"/>' +
        '<strcmp assign_to="t" variable="n" value="x" check_it_inverse="true"/><log message="[$t]"/>',
    ),
  );
  assert.equal(inverse.counters().FailedStrcmpShouldntMatch, 1);
  assert.ok(
    inverse.trace.warnings.some((w) =>
      w.startsWith('strcmp n:"x" and :"x" with check_it_inverse returned 0'),
    ),
  );
  const direct = call(
    nop(
      '<assignstr assign_to="n" value="x"/><assignstr assign_to="m" value="y"/>' +
        '<strcmp variable="n" variable2="m" check_it="true"/>',
    ),
  );
  assert.equal(direct.counters().FailedStrcmpDoesntMatch, 1);
  assert.ok(
    direct.trace.warnings.some((w) =>
      w.startsWith('strcmp n:"x" and m:"y" with check_it returned -1'),
    ),
  );
});

test('jump to an index (value or variable) loops; out of range is fatal', () => {
  const h = call(
    [
      nop('<assign assign_to="n" value="0"/>'),
      nop('<add assign_to="n" value="1"/><index assign_to="i"/><log message="[$n] [$i]"/>'),
      nop('<test assign_to="more" variable="n" compare="less_than" value="3"/>'),
      '<nop condexec="more"><action><jump variable="i"/></action></nop>',
    ].join('\n'),
  );
  assert.deepEqual(h.trace.logs, ['1.000000 3.000000', '2.000000 3.000000', '3.000000 3.000000']);
  assert.equal(h.counters().SuccessfulCall, 1);

  const bad = call(nop('<jump value="99"/>'));
  assert.deepEqual(bad.done, ['fatal']);
  assert.match(bad.engine.lastError, /^Jump statement out of range \(not 0 <= 99 <= 3\)/);
});

test('jump: SIPp moves to the command before the target and applies its next=', () => {
  // send(0) recv(1) jump(2) nop next=skip(3) never(4) label skip -> end(5). A jump to 4 sets the
  // position to 3, and SIPp's next() then follows command 3's next= past the target.
  const h = call(
    [
      nop('<jump value="4"/>'),
      '<nop next="skip"/>',
      nop('<log message="never"/>'),
      '<label id="skip"/>',
      nop('<log message="end"/>'),
    ].join('\n'),
  );
  assert.deepEqual(h.trace.logs, ['end']);
  const direct = call(
    [nop('<jump value="5"/>'), '<nop/>', nop('<log message="4"/>'), nop('<log message="5"/>')].join(
      '\n',
    ),
  );
  assert.deepEqual(direct.trace.logs, ['5']);
});

test('gettimeofday: seconds and microseconds of the wall clock', () => {
  const before = Date.now();
  const h = call(nop('<gettimeofday assign_to="s,u"/><log message="[$s] [$u]"/>'));
  const after = Date.now();
  const [s, u] = h.trace.logs[0].split(' ').map(Number);
  assert.ok(s * 1000 + u / 1000 >= before - 1 && s * 1000 + u / 1000 <= after + 1, h.trace.logs[0]);
  assert.ok(Number.isInteger(s) && Number.isInteger(u) && u < 1_000_000);
});

test('urlencode / urldecode change the variable in place', () => {
  const h = call(
    nop(
      '<assignstr assign_to="v" value="a b/c~d%"/><urlencode assign_to="v"/><log message="[$v]"/>' +
        '<urldecode assign_to="v"/><log message="[$v]"/>' +
        '<assignstr assign_to="p" value="x+y%41"/><urldecode assign_to="p"/><log message="[$p]"/>',
    ),
  );
  assert.deepEqual(h.trace.logs, ['a%20b%2Fc~d%25', 'a b/c~d%', 'x yA']);
});

test('divide by a zero variable warns and leaves the target alone', () => {
  const h = call(
    nop(
      '<assign assign_to="a" value="6"/><assign assign_to="zero" value="0"/>' +
        '<divide assign_to="a" variable="zero"/><log message="[$a]"/>',
    ),
  );
  assert.deepEqual(h.trace.logs, ['6.000000']);
  assert.ok(h.trace.warnings.some((w) => w.startsWith('Action failure: Can not divide by zero')));
});

test('sample: a seeded draw inside the uniform range, stored as a double', () => {
  const h = call(
    nop('<sample assign_to="x" distribution="uniform" min="10" max="20"/><log message="[$x]"/>'),
  );
  const x = Number(h.trace.logs[0]);
  assert.match(h.trace.logs[0], /^\d+\.\d{6}$/);
  assert.ok(x >= 10 && x < 20);
});

test('setdest moves the call to a new UDP address; a protocol switch is fatal', () => {
  const h = call(
    nop('<setdest host="127.0.0.9" port="5099" protocol="udp"/>') +
      sendRequest('INFO').replace('<send', '<send'),
  );
  const info = h.transport.sent.find((d) => d.msg.method === 'INFO');
  assert.deepEqual(info?.to, { address: '127.0.0.9', port: 5099 });
  const msg = h.transport.sent.find((d) => d.msg.method === 'MESSAGE');
  assert.deepEqual(msg?.to, PEER_ADDRESS);

  const tcp = call(nop('<setdest host="127.0.0.9" port="5099" protocol="tcp"/>'));
  assert.deepEqual(tcp.done, ['fatal']);
  assert.match(tcp.engine.lastError, /^Can not switch protocols during setdest\./);
  const port = call(nop('<setdest host="127.0.0.9" port="50x" protocol="UDP"/>'));
  assert.match(port.engine.lastError, /^Invalid port for setdest: 50x/);
});

test('closecon on a call without a connection of its own is a no-op', () => {
  const h = call(nop('<closecon/>'));
  assert.equal(h.counters().SuccessfulCall, 1);
});

test('media actions: the run is refused before any traffic, naming the action', () => {
  for (const action of [
    '<exec play_pcap_audio="x.pcap"/>',
    '<exec rtp_stream="a.wav"/>',
    '<rtp_echo value="1"/>',
  ]) {
    assert.throws(
      () => call(nop(action)),
      /test\.xml:\d+:\d+ <(exec|rtp_echo)>: media \((play_pcap_audio|rtp_stream|rtp_echo)\) is not available in this version of gossipper/,
    );
  }
});

test('pause actions run when the pause starts; next= is decided when it ends', () => {
  const h = call(
    [
      '<pause milliseconds="1000" next="end"><action><log message="start [clock_tick]"/></action></pause>',
      nop('<log message="skipped"/>'),
      '<label id="end"/>',
      nop('<log message="end [clock_tick]"/>'),
    ].join('\n'),
    {},
  );
  h.run(1200);
  assert.equal(h.trace.logs.length, 2);
  const [start, end] = h.trace.logs.map((l) => Number(l.split(' ')[1]));
  assert.match(h.trace.logs[0], /^start /);
  assert.equal(end - start, 1000);
});

test('pause distributions: SIPp truncates the draw to whole ms, below 1 ms is no pause', () => {
  const rng = { next: () => 0.5 };
  const h = call(
    [
      nop('<log message="a [clock_tick]"/>'),
      '<pause distribution="exponential" mean="100"/>',
      nop('<log message="b [clock_tick]"/>'),
      '<pause distribution="weibull" lambda="10" k="1"/>',
      nop('<log message="c [clock_tick]"/>'),
      '<pause distribution="normal" mean="-50" stdev="1"/>',
      nop('<log message="d [clock_tick]"/>'),
    ].join('\n'),
    { rng },
  );
  h.run(500);
  const t = h.trace.logs.map((l) => Number(l.split(' ')[1]));
  // exponential: -100 ln(0.5) = 69.3 -> 69; weibull: 10 (ln 2)^1 = 6.93 -> 6; normal < 1 -> 0.
  assert.deepEqual([t[1] - t[0], t[2] - t[1], t[3] - t[2]], [69, 6, 0]);
});

test('exec command runs the expanded text in a shell, without waiting for it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gossipper-exec-'));
  const file = join(dir, 'out.txt');
  const h = call(nop(`<exec command="echo call [call_number] > ${file}"/>`));
  assert.equal(h.counters().SuccessfulCall, 1, 'the call ended without waiting');
  await until(() => existsSync(file) && readFileSync(file, 'utf8') === 'call 1\n');
});

test('a failing exec command is reported as an error, the run goes on', async () => {
  const h = call(nop('<exec command="exit 3"/>'));
  assert.equal(h.counters().SuccessfulCall, 1);
  await until(() => h.trace.errors.some((e) => e === 'exec command "exit 3" exited with status 3'));
});

/** Waits for a child process's effect: polls until `cond` holds, failing after 10 s. */
async function until(cond: () => boolean): Promise<void> {
  const limit = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > limit) assert.fail('condition not reached in 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('<init> runs once before traffic: Global variables keep its values, others do not', () => {
  const h = new EngineHarness({
    scenario: clientXml(
      [
        '<Global variables="g,n"/>',
        '<init>',
        '<nop><action><assignstr assign_to="g" value="hello"/><assign assign_to="n" value="5"/>',
        '<assignstr assign_to="local" value="x"/><log message="init [$g] [$local]"/></action></nop>',
        '<nop next="skip"/><nop><action><log message="never"/></action></nop><label id="skip"/>',
        '<nop><action><add assign_to="n" value="1"/></action></nop>',
        '</init>',
        sendRequest('MESSAGE'),
        '<recv response="200"/>',
        nop('<log message="call g=[$g] n=[$n] local=[$local]"/><add assign_to="n" value="1"/>'),
      ].join('\n'),
    ),
    rate: { callsPerPeriod: 10 },
    peer: new ScriptedUas(),
    config: { maxCalls: 2 },
  });
  assert.deepEqual(h.trace.logs, ['init hello x'], 'init ran when the engine was built');
  assert.equal(h.transport.sent.length, 0);
  h.run(600);
  // SIPp 3.6.1 logged the same for this scenario: n is shared, local stays the init call's.
  assert.deepEqual(h.trace.logs, [
    'init hello x',
    'call g=hello n=6.000000 local=',
    'call g=hello n=7.000000 local=',
  ]);
});

test('a jump loop with no wait in it is a fatal error, not a hung engine', () => {
  const h = call(nop('<jump value="2"/>'));
  assert.deepEqual(h.done, ['fatal']);
  assert.match(h.engine.lastError, /^the call ran 1000000 commands without waiting \(at index 2\)/);
});
