// Injection files and users mode in the engine, on the fake clock: which line each call gets,
// [fieldN] variants, PRINTF, line=, <lookup>/<insert>/<replace>, -users and the load checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InjectionFile, InjectionSet } from '../../src/injection/index.ts';
import { SeededRng } from '../../src/engine/index.ts';
import { GossipperError } from '../../src/errors.ts';
import { ScriptedUas } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml } from '../engine/engine-harness.ts';
import { fakeSource } from '../scenario/fake-source.ts';

function files(...specs: Array<[string, string]>): InjectionSet {
  return new InjectionSet(
    specs.map(([name, text]) => InjectionFile.parse(name, Buffer.from(text, 'latin1'))),
  );
}

/** A client scenario: OPTIONS carrying `headers`, then its 200; `actions` run before the send. */
function scenario(headers: string, actions = '', pause = ''): string {
  const act = actions === '' ? '' : `<nop><action>${actions}</action></nop>`;
  return clientXml(`${act}<send><![CDATA[
OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: [cseq] OPTIONS
${headers}
Content-Length: 0

]]></send>
<recv response="200"/>${pause}`);
}

interface RunOptions {
  calls: number;
  injection?: InjectionSet;
  users?: number;
  rate?: number;
  holdMs?: number;
  ms?: number;
  seed?: number;
}

function run(xml: string, o: RunOptions): EngineHarness {
  const h = new EngineHarness({
    scenario: xml,
    rate: { callsPerPeriod: o.rate ?? 100 },
    config: { maxCalls: o.calls, defaultPauseMs: o.holdMs ?? 0 },
    peer: new ScriptedUas(),
    injection: o.injection,
    users: o.users,
    rng: o.seed === undefined ? undefined : new SeededRng(o.seed),
  });
  h.run(o.ms ?? 2000);
  return h;
}

/** Values of header `name` in the requests sent, in order. */
function headerValues(h: EngineHarness, name: string): string[] {
  return h.transport.sentOf('OPTIONS').map((d) => d.msg.header(name) ?? '<none>');
}

test('SEQUENTIAL: call k gets line (k-1) mod lines, all fields of a call from one line', () => {
  const inj = files(['users.csv', 'SEQUENTIAL\n#c\nalice;pw1\nbob;pw2\ncarol;pw3\n']);
  const h = run(scenario('X-U: [field0]/[field1]'), { calls: 5, injection: inj });
  // Measured with sipp 3.6.1: calls 1..5 read alice, bob, carol, alice, bob.
  assert.deepEqual(headerValues(h, 'X-U'), [
    'alice/pw1',
    'bob/pw2',
    'carol/pw3',
    'alice/pw1',
    'bob/pw2',
  ]);
  assert.equal(h.counters().SuccessfulCall, 5);
});

test('RANDOM: lines drawn from the run Rng, so a seed replays them', () => {
  const lines = Array.from({ length: 50 }, (_, i) => `l${i}`).join('\n');
  const once = (seed: number): string[] =>
    headerValues(
      run(scenario('X-L: [field0]'), {
        calls: 20,
        injection: files(['r.csv', `RANDOM\n${lines}\n`]),
        seed,
      }),
      'X-L',
    );
  const a = once(7);
  assert.deepEqual(once(7), a, 'the same seed, the same lines');
  assert.notDeepEqual(once(8), a, 'another seed, other lines');
  assert.ok(new Set(a).size > 5, `random lines, not a sequence: ${a.join(' ')}`);
  assert.ok(
    a.some((v, i) => i > 0 && Number(v.slice(1)) !== Number(a[i - 1].slice(1)) + 1),
    'not in order',
  );
});

test('[field1 file="x"] reads a second file, each file on a line of its own per call', () => {
  const inj = files(['a.csv', 'SEQUENTIAL\na0\na1\na2\n'], ['b.csv', 'SEQUENTIAL\nb0;B0\nb1;B1\n']);
  const h = run(scenario('X-A: [field0]\nX-B: [field1 file="b.csv"]'), {
    calls: 3,
    injection: inj,
  });
  assert.deepEqual(headerValues(h, 'X-A'), ['a0', 'a1', 'a2']);
  assert.deepEqual(headerValues(h, 'X-B'), ['B0', 'B1', 'B0']);
});

test('line= picks the line (0-based) and may hold keywords; past the end reads empty', () => {
  const inj = files(['s.csv', 'SEQUENTIAL\nalice\nbob\ncarol\n']);
  const h = run(
    scenario(
      'X-Fixed: [field0 line="2"]\nX-Kw: [field0 line="[call_number]"]\nX-Past: <[field0 line="7"]>',
    ),
    { calls: 4, injection: inj },
  );
  // Measured with sipp 3.6.1: line="2" → carol; line="[call_number]" → bob, carol, '', ''.
  assert.deepEqual(headerValues(h, 'X-Fixed'), ['carol', 'carol', 'carol', 'carol']);
  assert.deepEqual(headerValues(h, 'X-Kw'), ['bob', 'carol', '', '']);
  assert.deepEqual(headerValues(h, 'X-Past'), ['<>', '<>', '<>', '<>']);
  assert.deepEqual(h.trace.warnings, [], 'a line past the end is no warning');
});

test("a field beyond the last one: empty, and SIPp's warning", () => {
  const inj = files(['s.csv', 'SEQUENTIAL\nalice;pw\n']);
  const h = run(scenario('X-F: <[field5]>'), { calls: 1, injection: inj });
  assert.deepEqual(headerValues(h, 'X-F'), ['<>']);
  assert.deepEqual(h.trace.warnings, ['Field 5 not found in the file s.csv']);
  assert.equal(h.counters().Warnings, 1);
});

test('PRINTF: every call a virtual line, formatted with offset + line x multiple', () => {
  const inj = files([
    'p.csv',
    'SEQUENTIAL,PRINTF=5,PRINTFOFFSET=100,PRINTFMULTIPLE=2\nuser%03d;%-5d|\nother%d;x\n',
  ]);
  const h = run(scenario('X-F0: [field0]\nX-F1: [field1]'), { calls: 6, injection: inj });
  // The same file through sipp 3.6.1 gave exactly these six INVITEs.
  assert.deepEqual(headerValues(h, 'X-F0'), [
    'user100',
    'other102',
    'user104',
    'other106',
    'user108',
    'user100',
  ]);
  assert.deepEqual(headerValues(h, 'X-F1'), ['100  |', 'x', '104  |', 'x', '108  |', '100  |']);
});

test('a field holding keywords is expanded for the call after injection', () => {
  const inj = files(['k.csv', 'SEQUENTIAL\nsip:[service]@[remote_ip]?n=[call_number]\n[::1]\n']);
  const h = run(scenario('X-K: [field0]'), { calls: 2, injection: inj });
  assert.deepEqual(headerValues(h, 'X-K'), ['sip:service@127.0.0.2?n=1', '[::1]']);
});

test('[authentication ...] in a field is left for the message renderer; the rest expanded', () => {
  const inj = files([
    'a.csv',
    'SEQUENTIAL\nn=[call_number] [authentication username=alice password="p]w"] c=[call_id]\n',
  ]);
  const src = fakeSource({ callNumber: 7, callId: 'x-7' });
  const value = inj.read(src, new Int32Array([0]), { field: 0, file: undefined, line: undefined });
  assert.equal(value, 'n=7 [authentication username=alice password="p]w"] c=x-7');
});

test('a whole header line from a field; an empty field at a line start leaves no empty line', () => {
  const inj = files(['h.csv', 'SEQUENTIAL\nX-Extra: yes;\n']);
  const h = run(scenario('[field0]\n[field1]\nX-After: 1'), { calls: 1, injection: inj });
  const raw = h.transport.sentOf('OPTIONS')[0].raw.toString('latin1');
  assert.match(raw, /\r\nX-Extra: yes\r\nX-After: 1\r\n/);
});

test('lookup, insert and replace on an -infindex file (values as sipp 3.6.1 gave them)', () => {
  const inj = files(['seq.csv', 'SEQUENTIAL\nalice;pw1\nbob;pw2\ncarol;pw3\n']);
  inj.file('seq.csv')?.buildIndex(0);
  const actions = `
    <lookup assign_to="l" file="seq.csv" key="bob"/>
    <lookup assign_to="m" file="seq.csv" key="nobody"/>
    <insert file="seq.csv" value="dave;pw[call_number]"/>
    <lookup assign_to="d" file="seq.csv" key="dave"/>
    <replace file="seq.csv" line="0" value="zed;pwz"/>
    <lookup assign_to="a" file="seq.csv" key="alice"/>`;
  const h = run(
    scenario(
      'X-F: [field0] [field1]\nX-L: [$l] [field1 line="[$l]"]\nX-M: [$m] [$d] [$a] [field1 line="[$d]"]',
      actions,
    ),
    { calls: 2, injection: inj },
  );
  assert.deepEqual(headerValues(h, 'X-F'), ['zed pwz', 'bob pw2']);
  assert.deepEqual(headerValues(h, 'X-L'), ['1.000000 pw2', '1.000000 pw2']);
  assert.deepEqual(headerValues(h, 'X-M'), [
    '-1.000000 3.000000 -1.000000 pw1',
    '-1.000000 4.000000 -1.000000 pw2',
  ]);
  assert.equal(inj.file('seq.csv')?.lineCount, 5, 'two inserts, in memory');
});

test('insert into a PRINTF file is fatal at run time, as in SIPp (exit 255)', () => {
  const inj = files(['p.csv', 'SEQUENTIAL,PRINTF=3\nu%d\n']);
  const h = run(scenario('X-F: [field0]', '<insert file="p.csv" value="x"/>'), {
    calls: 1,
    injection: inj,
  });
  assert.deepEqual(h.done, ['fatal']);
  assert.ok(
    h.trace.errors.some((e) => /can not insert or replace into a printf file: p.csv/.test(e)),
  );
});

test('replace past the last line is fatal, naming line, file and its length', () => {
  const inj = files(['s.csv', 'SEQUENTIAL\na\nb\n']);
  const h = run(
    scenario('X-F: [field0]', '<replace file="s.csv" line="[call_number]1" value="x"/>'),
    {
      calls: 1,
      injection: inj,
    },
  );
  assert.deepEqual(h.done, ['fatal']);
  assert.ok(
    h.trace.errors.some((e) => /invalid line number \(11\) for file: s.csv \(2 lines\)/.test(e)),
  );
});

/** The GossipperError building the engine throws (load-time checks), with its code. */
function loadError(xml: string, injection?: InjectionSet): GossipperError {
  try {
    run(xml, { calls: 1, injection, ms: 1 });
  } catch (err) {
    assert.ok(err instanceof GossipperError, String(err));
    return err;
  }
  return assert.fail('expected a load error');
}

test('load checks: [fieldN] without -inf, file= not given, actions on unknown or unindexed files', () => {
  let err = loadError(scenario('X-F: [field0]'));
  assert.match(
    err.message,
    /^test.xml:\d+:\d+ <send>: \[field0\] reads an injection file, but no injection file was specified/,
  );
  assert.equal(err.code, 'SCENARIO_INVALID', 'sipp: "No injection file was specified!", exit 1');
  const inj = files(['a.csv', 'SEQUENTIAL\na\n']);
  err = loadError(scenario('X-F: [field0 file="other.csv"]'), inj);
  assert.match(err.message, /invalid injection file: other.csv/);
  assert.match(err.hint ?? '', /given with -inf: a.csv/);
  assert.equal(err.code, 'SCENARIO_INVALID', 'sipp: "Invalid injection file: other.csv", exit 1');
  err = loadError(scenario('X: 1', '<insert file="zz.csv" value="x"/>'), inj);
  assert.match(err.message, /<insert>: invalid injection file for insert: zz.csv/);
  assert.equal(err.code, 'RUN_FATAL', 'sipp exits 255');
  err = loadError(scenario('X: [$l]', '<lookup assign_to="l" file="a.csv" key="a"/>'), inj);
  assert.match(err.message, /<lookup>: invalid index file: a.csv/);
  assert.match(err.hint ?? '', /-infindex a.csv <field>/);
  assert.equal(err.code, 'RUN_FATAL', 'sipp: "Invalid Index File: a.csv", exit 255');
});

test('-users N: N calls at once, whatever -r; each user calls again when its call ends', () => {
  const inj = files(['u.csv', 'USER\nu1;a\nu2;b\nu3;c\nu4;d\n']);
  const h = run(scenario('X-U: [users] [userid] [field0]', '', '<pause milliseconds="500"/>'), {
    calls: 7,
    users: 3,
    rate: 1,
    injection: inj,
    ms: 3000,
  });
  const sent = h.transport.sentOf('OPTIONS');
  // Measured with sipp 3.6.1 -users 3 -r 1 -m 7: three calls at once (users 3, 2, 1), then each
  // ended call's user at once again, in the order the calls ended.
  const values = headerValues(h, 'X-U');
  assert.deepEqual(values.slice(0, 3), ['3 3 u3', '3 2 u2', '3 1 u1']);
  // The three calls end in the same tick; their users come back in the order they ended (the
  // order itself is UserPool's, tested on its own), each with its own line.
  assert.deepEqual(values.slice(3, 6).sort(), ['3 1 u1', '3 2 u2', '3 3 u3']);
  assert.match(values[6], /^3 ([123]) u\1$/, 'a recycled user reads its own line');
  assert.deepEqual(
    sent.map((d) => d.atMs),
    [1, 1, 1, 502, 502, 502, 1003],
    'the rate is not used; the next call leaves the tick after the last one ended',
  );
  assert.equal(h.counters().SuccessfulCall, 7);
  assert.deepEqual(h.done, ['drained']);
});

test('without -users: [users] is -1 and [userid] 0, as sipp prints them; USER lines are empty', () => {
  const inj = files(['u.csv', 'USER\nu1\n']);
  const h = run(scenario('X-U: [users] [userid] <[field0]>'), { calls: 1, injection: inj });
  assert.deepEqual(headerValues(h, 'X-U'), ['-1 0 <>']);
});
