// Load-time checks of start_txn / response_txn / ack_txn, as sipp 3.6.1 makes them (its messages,
// seen with `sipp -sf`: "Transaction invite is an INVITE transaction without an ACK!" ...).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ScenarioError } from '../../src/errors.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';

const SEND = (method: string, extra = '') =>
  `<send${extra}><![CDATA[${method} sip:x SIP/2.0\n]]></send>`;
const load = (lines: string[]) =>
  loadScenarioXml(`<scenario name="T">\n${lines.join('\n')}\n</scenario>`, 'txn.xml');

const INVITE_TXN = [
  SEND('INVITE', ' start_txn="inv"'),
  '<recv response="200" response_txn="inv"/>',
  SEND('ACK', ' ack_txn="inv"'),
];

test('a complete INVITE transaction loads', () => {
  assert.equal(load(INVITE_TXN).commands.length, 3);
});

test('transaction errors name the first element that mentions the transaction', () => {
  const cases: Array<[string[], RegExp]> = [
    [
      INVITE_TXN.slice(0, 2),
      /^txn\.xml:2:1 <send>: transaction "inv" is an INVITE transaction without an ACK$/,
    ],
    [
      [...INVITE_TXN, SEND('INFO', ' start_txn="i"'), SEND('ACK', ' ack_txn="i"')],
      /transaction "i" is a non-INVITE transaction with an ACK$/,
    ],
    [
      [...INVITE_TXN, SEND('BYE'), '<recv response="200" response_txn="bye"/>'],
      /^txn\.xml:9:1 <recv>: transaction "bye" is never started$/,
    ],
    [[...INVITE_TXN, SEND('BYE', ' start_txn="bye"')], /transaction "bye" has no responses/],
  ];
  for (const [lines, message] of cases) {
    assert.throws(
      () => load(lines),
      (e: unknown) => e instanceof ScenarioError && message.test(e.message),
      String(message),
    );
  }
});
