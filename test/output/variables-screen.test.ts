/**
 * Screen 4 and `dump variables`, against what sipp 3.6.1 showed for the same scenarios
 * (observed on a terminal under `script`, keys sent over `-cp`: `4`, then `cdump variables`
 * with `-trace_err`). The expected lines below are sipp's, trailing padding included.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { variableDumpLines, variablesScreenLines } from '../../src/output/index.ts';

const OPTIONS = `<send><![CDATA[
OPTIONS sip:x@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:a@[local_ip]>;tag=1
To: <sip:x@[remote_ip]>
Call-ID: [call_id]
CSeq: 1 OPTIONS
Content-Length: 0

]]>`;

const SCENARIO = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="vars">
  <Global variables="gA,gB" />
  ${OPTIONS}
    <action><assign assign_to="gA" value="3" /></action>
  </send>
  <recv response="200">
    <action>
      <ereg regexp="SIP/2.0 ([0-9]+)" search_in="msg" assign_to="all,code" />
      <log message="got [$code] [$all] [$gA] [$gB]" />
    </action>
  </recv>
  <nop><action><assignstr assign_to="gB" value="x[$gA]" /></action></nop>
  <pause milliseconds="10000"/>
  <nop><action><exec int_cmd="stop_call" /></action></nop>
  <nop/>
  <nop/>
  <nop/>
  <nop/>
</scenario>
`;

describe('screen 4 (Variables Screen)', () => {
  it("lists each step's actions as sipp 3.6.1 does, padded to the step count + 6 lines", () => {
    const lines = variablesScreenLines(loadScenarioXml(SCENARIO, 'vars.xml'));
    assert.deepEqual(lines, [
      'Action defined Per Message :',
      '=> Message[0] - [1] action(s) defined :',
      '   --> action[0] = Type[3] - assign varId[gA] 3.000000',
      '=> Message[1] (Receive Message) - [2] action(s) defined :',
      '   --> action[0] = Type[1] - regexp[SIP/2.0 ([0-9]+)] where[Full Msg] - checkIt',
      '   --> action[1] = Type[13] - message[got [$code] [$all] [$gA] [$gB]  ]',
      '=> Message[2] - [1] action(s) defined :',
      '   --> action[0] = Type[5] - string assign varId[gB] [x[$gA]                   ',
      '=> Message[4] - [1] action(s) defined :',
      '   --> action[0] = Type[17] - intcmd[stop_call                       ]',
      // sipp printed three blank lines here (9 steps: its padding loop stops at 14 + 1).
      '',
      '',
      '',
    ]);
  });

  it('numbers and words each action kind as sipp does (its own quirks kept)', () => {
    const nops = [
      '<assign assign_to="a" value="1" />',
      '<sample assign_to="b" distribution="uniform" min="1" max="3" />',
      '<todouble assign_to="d" variable="c" />',
      '<gettimeofday assign_to="e,f" />',
      '<jump value="6" />',
      '<subtract assign_to="a" value="2" />',
      '<test assign_to="h" variable="a" compare="greater_than" value="1" />',
      '<strcmp assign_to="i" variable="c" value="x3" />',
      '<trim assign_to="c" />',
      '<warning message="w" />',
      '<exec command="true" />',
      '<ereg regexp="a" search_in="hdr" header="From:" assign_to="j" />',
      '<pauserestore variable="a" />',
      '<assignstr assign_to="c" value="[$b][$d][$e][$f][$h][$i][$j]" />',
    ]
      .map((a) => `<nop><action>${a}</action></nop>`)
      .join('\n');
    const xml = `<scenario>${OPTIONS}</send>${nops}<pause milliseconds="1"/></scenario>`;
    const lines = variablesScreenLines(loadScenarioXml(xml, 'kinds.xml'));
    const infos = lines.filter((l) => l.startsWith('   -->')).map((l) => l.slice(19));
    assert.deepEqual(infos, [
      'Type[3] - assign varId[a] 1.000000',
      'Type[4] - sample varId[b] 1.000000/3.000000',
      'Type[23] - toDouble varId[d]',
      'Type[7] - assign gettimeofday[e, f]',
      'Type[8] - jump varInId[(null)] 6.000000',
      'Type[19] - unknown action type ... ',
      'Type[22] - divide varId[h] varInId[a] > 1.000000',
      'Type[24] - unknown action type ... ',
      'Type[25] - trim varId[c]',
      'Type[14] - warning[w                               ]',
      'Type[16] - command[true                            ]',
      'Type[1] - regexp[a] where[Header-From:] - checkIt[0] - check',
      'Type[12] - restore pause varInId[a] 0.000000',
      // 79 characters in all, as sipp's 80-byte buffer allows.
      'Type[5] - string assign varId[c] [[$b][$d][$e][$f][$h][$i][$',
    ]);
  });

  it('a scenario without actions says so', () => {
    const xml = `<scenario>${OPTIONS}</send></scenario>`;
    const lines = variablesScreenLines(loadScenarioXml(xml, 'none.xml'));
    assert.deepEqual(lines.slice(0, 3), [
      'Action defined Per Message :',
      '=> No action found on any messages',
      '',
    ]);
  });
});

describe('dump variables', () => {
  it("sipp's three tables: global, user, call; names in byte order", () => {
    assert.deepEqual(variableDumpLines(loadScenarioXml(SCENARIO, 'vars.xml')), [
      '2 level 0 variables:',
      'gA',
      'gB',
      '0 level 1 variables:',
      '2 level 2 variables:',
      'all',
      'code',
    ]);
  });
});
