import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import {
  akaResponse,
  buildAuthorization,
  DigestSession,
  milenage,
  milenageOpc,
  parseAkaKey,
} from '../../src/auth/index.ts';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

// 3GPP TS 35.207 §4.3 / TS 35.208 §4.3, test set 1.
const TS1 = {
  k: '465b5ce8b199b49faa5f0a2ee238a6bc',
  rand: '23553cbe9637a89d218ae64dae47bf35',
  sqn: 'ff9bb4d0b607',
  amf: 'b9b9',
  op: 'cdc202d5123e20f62b6d676ac72cb318',
  opc: 'cd63cb71954a9f4e48a5994e37a02baf',
  f1: '4a9ffac354dfafb3',
  f1star: '01cfaf9ec4e871e9',
  f2: 'a54211d5e3ba50bf',
  f3: 'b40ba9a3c58b2a05bbf0d987b21bf8cb',
  f4: 'f769bcd751044604127672711c6d3441',
  f5: 'aa689c648370',
  f5star: '451e8beca43b',
};

test('Milenage: TS 35.207/35.208 test set 1, every output', () => {
  const opc = milenageOpc(hex(TS1.k), hex(TS1.op));
  assert.equal(opc.toString('hex'), TS1.opc);
  const o = milenage(hex(TS1.k), opc, hex(TS1.rand), hex(TS1.sqn), hex(TS1.amf));
  assert.equal(o.macA.toString('hex'), TS1.f1);
  assert.equal(o.macS.toString('hex'), TS1.f1star);
  assert.equal(o.res.toString('hex'), TS1.f2);
  assert.equal(o.ck.toString('hex'), TS1.f3);
  assert.equal(o.ik.toString('hex'), TS1.f4);
  assert.equal(o.ak.toString('hex'), TS1.f5);
  assert.equal(o.akS.toString('hex'), TS1.f5star);
});

/** RFC 3310 nonce: base64(RAND ‖ SQN⊕AK ‖ AMF ‖ MAC-A). */
function ts1Nonce(): string {
  const sqnXorAk = Buffer.from(hex(TS1.sqn).map((b, i) => b ^ hex(TS1.f5)[i]));
  return Buffer.concat([hex(TS1.rand), sqnXorAk, hex(TS1.amf), hex(TS1.f1)]).toString('base64');
}

test('AKAv1: the test-set nonce yields RES; a wrong K fails the MAC check', () => {
  const keys = { k: hex(TS1.k), op: hex(TS1.op), amf: hex(TS1.amf) };
  const r = akaResponse(ts1Nonce(), keys);
  assert.ok('res' in r);
  assert.equal(r.res.toString('hex'), TS1.f2);
  const noAmf = akaResponse(ts1Nonce(), { k: keys.k, op: keys.op });
  assert.ok('res' in noAmf, 'the AMF in AUTN is used when none is given');
  const bad = akaResponse(ts1Nonce(), { ...keys, k: hex('00'.repeat(16)) });
  assert.ok('error' in bad);
  assert.match(bad.error, /MAC-A/);
  assert.ok('error' in akaResponse('c2hvcnQ=', keys));
});

test('AKA key parameters: 0x hex, bare hex, raw bytes; wrong lengths refused', () => {
  assert.equal(parseAkaKey('0xB9B9', 2)?.toString('hex'), 'b9b9');
  assert.equal(parseAkaKey('b9b9', 2)?.toString('hex'), 'b9b9');
  assert.equal(parseAkaKey('ab', 2)?.toString('latin1'), 'ab');
  assert.equal(parseAkaKey('0xB9', 2), undefined);
  assert.equal(parseAkaKey('abc', 2), undefined);
});

test('[authentication] for an AKAv1-MD5 challenge: MD5 digest with RES as the password', () => {
  const session = new DigestSession({ next: () => 0.5 });
  session.store(401, [`Digest realm="ims.test", nonce="${ts1Nonce()}", algorithm=AKAv1-MD5`]);
  const ctx = {
    authSession: session,
    authDefaults: { password: 'password' },
    service: 's',
    remoteIp: 'ims.test',
    remotePort: 5060,
  };
  const params = {
    username: 'u@ims.test',
    aka_K: `0x${TS1.k}`,
    aka_OP: `0x${TS1.op}`,
    aka_AMF: '0xb9b9',
  };
  const req = { method: 'REGISTER', body: '' };
  const r = buildAuthorization(ctx, params, req);
  assert.ok('line' in r, JSON.stringify(r));
  const res = hex(TS1.f2).toString('latin1');
  const ha1 = md5(`u@ims.test:ims.test:${res}`);
  const ha2 = md5('REGISTER:sip:ims.test:5060');
  assert.match(r.line, /^Authorization: Digest username="u@ims.test",realm=/);
  assert.ok(r.line.includes(`response="${md5(`${ha1}:${ts1Nonce()}:${ha2}`)}"`), r.line);
  assert.ok(r.line.includes('algorithm=AKAv1-MD5'));
  const noOp = buildAuthorization(ctx, { aka_K: `0x${TS1.k}` }, req);
  assert.ok('error' in noOp);
  assert.match(noOp.error, /aka_OP/);
});

function md5(s: string): string {
  return createHash('md5').update(Buffer.from(s, 'latin1')).digest('hex');
}
