/**
 * Load-time checks of named transactions (`start_txn`, `response_txn`, `ack_txn`), in SIPp
 * 3.6.1's order and words (each seen with `sipp -sf`, which exits 1): per transaction, in order of
 * first mention, an INVITE one needs an ACK, a non-INVITE one must not have one, it must be
 * started, and some response must wait for it.
 */
import type { Command } from './model.ts';
import { scenarioErrorAt } from './scenario-error.ts';
import type { XmlElement } from './xml-tree.ts';

interface Txn {
  readonly el: XmlElement;
  isInvite: boolean;
  started: boolean;
  acked: boolean;
  responses: number;
}

export function checkTransactions(
  parsed: ReadonlyArray<{ readonly command: Command; readonly el: XmlElement }>,
): void {
  const txns = new Map<string, Txn>();
  const txn = (name: string, el: XmlElement): Txn => {
    let t = txns.get(name);
    if (t === undefined) {
      t = { el, isInvite: false, started: false, acked: false, responses: 0 };
      txns.set(name, t);
    }
    return t;
  };
  for (const { command: c, el } of parsed) {
    if (c.kind === 'send' && c.startTxn !== undefined) {
      const t = txn(c.startTxn, el);
      t.started = true;
      t.isInvite = c.template.method === 'INVITE';
    } else if (c.kind === 'send' && c.ackTxn !== undefined) {
      txn(c.ackTxn, el).acked = true;
    } else if (c.kind === 'recv' && c.responseTxn !== undefined) {
      txn(c.responseTxn, el).responses++;
    }
  }
  for (const [name, t] of txns) {
    const fail = (what: string, hint: string): never => {
      throw scenarioErrorAt(t.el.pos, t.el.name, `transaction "${name}" ${what}`, hint);
    };
    if (t.isInvite && !t.acked)
      fail('is an INVITE transaction without an ACK', `add <send ack_txn="${name}"> for its ACK`);
    if (!t.isInvite && t.acked)
      fail('is a non-INVITE transaction with an ACK', 'only an INVITE transaction is ACKed');
    if (!t.started)
      fail('is never started', `start it with <send start_txn="${name}"> (check the spelling)`);
    if (t.responses === 0)
      fail('has no responses defined', `add <recv response="..." response_txn="${name}">`);
  }
}
