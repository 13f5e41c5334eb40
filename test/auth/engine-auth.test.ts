/**
 * `<recv auth="true">` + `[authentication]` in the engine, on the fake clock: the stored
 * challenge, Authorization after a 401 and Proxy-Authorization after a 407, nc counting per
 * nonce, auth-int over the body actually sent, and `<verifyauth>` on the server side.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { parseAuthChallenges, verifyAuthorization } from '../../src/auth/index.ts';
import { InjectionFile, InjectionSet } from '../../src/injection/index.ts';
import type { SipMessage } from '../../src/sip/index.ts';
import { buildRequest, buildResponse } from '../peers/memory-transport.ts';
import type { ReplyFn, ScriptedPeer } from '../peers/memory-transport.ts';
import { EngineHarness, clientXml, sendRequest } from '../engine/engine-harness.ts';

function withHeader(buf: Buffer, line: string): Buffer {
  return Buffer.from(buf.toString('latin1').replace('\r\n\r\n', `\r\n${line}\r\n\r\n`), 'latin1');
}

const AUTH_SEND = (method: string, extra = ''): string => `<send><![CDATA[
${method} sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[call_number]
To: [service] <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: [cseq] ${method}
[authentication username=alice password=secret]
Contact: sip:sipp@[local_ip]:[local_port]
Content-Length: [len]
${extra}
]]></send>`;

/** A registrar: challenges every REGISTER without a good Authorization, twice with one nonce. */
class Registrar implements ScriptedPeer {
  readonly registers: SipMessage[] = [];
  challenges = 0;
  receive(msg: SipMessage, reply: ReplyFn): void {
    if (msg.method !== 'REGISTER') return;
    this.registers.push(msg);
    const auth = msg.headerValues('Authorization');
    const good = verifyAuthorization(
      { method: msg.method, authorization: auth, body: msg.body().toString('latin1') },
      'alice',
      'secret',
    );
    if (good && this.challenges >= 2) {
      reply(buildResponse(msg, 200));
      return;
    }
    this.challenges++;
    reply(
      withHeader(
        buildResponse(msg, 401, 'Unauthorized'),
        'WWW-Authenticate: Digest realm="test.example", nonce="n0nce, one", qop="auth", ' +
          'opaque="op4que", algorithm=MD5',
      ),
    );
  }
}

const REGISTER_XML = clientXml(
  sendRequest('REGISTER') +
    '<recv response="401" auth="true"/>' +
    AUTH_SEND('REGISTER') +
    '<recv response="401" auth="true"/>' +
    AUTH_SEND('REGISTER') +
    '<recv response="200"/>',
);

test('401 flow: Authorization from the stored challenge, nc 1 then 2 for the same nonce', () => {
  const peer = new Registrar();
  const h = new EngineHarness({
    scenario: REGISTER_XML,
    config: { maxCalls: 1 },
    rate: { callsPerPeriod: 10 },
    peer,
  });
  h.run(1000);
  assert.equal(h.counters().SuccessfulCall, 1, JSON.stringify(h.trace.errors));
  assert.equal(peer.registers.length, 3);
  assert.equal(peer.registers[0].header('Authorization'), undefined);
  const creds = peer.registers.slice(1).map((m) => {
    const [c] = parseAuthChallenges(m.headerValues('Authorization'));
    assert.equal(c.scheme, 'Digest');
    return c.params;
  });
  assert.deepEqual(
    creds.map((p) => p.get('nc')),
    ['00000001', '00000002'],
  );
  for (const p of creds) {
    assert.equal(p.get('username'), 'alice');
    assert.equal(p.get('realm'), 'test.example');
    assert.equal(p.get('nonce'), 'n0nce, one');
    assert.equal(p.get('opaque'), 'op4que');
    assert.equal(p.get('qop'), 'auth');
    assert.equal(p.get('uri'), 'sip:127.0.0.2:5070', "SIPp's uri: remote_ip:remote_port");
    assert.match(p.get('cnonce') ?? '', /^[0-9a-f]{16}$/);
  }
  assert.notEqual(creds[0].get('cnonce'), creds[1].get('cnonce'));
  assert.equal(peer.registers[1].header('Content-Length'), '0');
});

const SDP =
  'v=0\no=- 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [local_ip]\nt=0 0\nm=audio 6000 RTP/AVP 0\n';

/** A proxy: 407 with qop=auth-int to an INVITE without Proxy-Authorization, else 200. */
class Proxy implements ScriptedPeer {
  readonly invites: SipMessage[] = [];
  verified: boolean[] = [];
  receive(msg: SipMessage, reply: ReplyFn): void {
    if (msg.method === 'INVITE') {
      this.invites.push(msg);
      const auth = msg.headerValues('Proxy-Authorization');
      if (auth.length === 0) {
        reply(
          withHeader(
            buildResponse(msg, 407, 'Proxy Authentication Required'),
            'Proxy-Authenticate: Digest realm="proxy", nonce="pn", qop="auth-int", algorithm=SHA-256',
          ),
        );
        return;
      }
      const body = msg.body().toString('latin1');
      this.verified.push(
        verifyAuthorization({ method: 'INVITE', authorization: auth, body }, 'alice', 'secret'),
        verifyAuthorization(
          { method: 'INVITE', authorization: auth, body: body + 'x' },
          'alice',
          'secret',
        ),
      );
      reply(buildResponse(msg, 200));
    } else if (msg.method === 'BYE') reply(buildResponse(msg, 200));
  }
}

test('407 flow: Proxy-Authorization, SHA-256 with qop=auth-int over the body sent', () => {
  const xml = clientXml(
    sendRequest('INVITE') +
      '<recv response="407" auth="true"/>' +
      sendRequest('ACK', '', '[cseq] ACK') +
      AUTH_SEND('INVITE', `Content-Type: application/sdp\n\n${SDP}`) +
      '<recv response="200"/>' +
      sendRequest('ACK', '', '[cseq] ACK') +
      sendRequest('BYE') +
      '<recv response="200"/>',
  );
  const peer = new Proxy();
  const h = new EngineHarness({ scenario: xml, config: { maxCalls: 1 }, peer });
  h.run(1000);
  assert.equal(h.counters().SuccessfulCall, 1, JSON.stringify(h.trace.errors));
  const second = peer.invites[1];
  assert.equal(second.header('Authorization'), undefined);
  const [c] = parseAuthChallenges(second.headerValues('Proxy-Authorization'));
  assert.equal(c.params.get('algorithm'), 'SHA-256');
  assert.equal(c.params.get('qop'), 'auth-int');
  assert.equal(c.params.get('nc'), '00000001');
  assert.match(c.params.get('response') ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(peer.verified, [true, false], 'the digest signs exactly the body sent');
  assert.equal(Number(second.header('Content-Length')), second.body().length);
});

test('[authentication] before any challenge: the line is dropped, the message stays valid', () => {
  const xml = clientXml(AUTH_SEND('OPTIONS') + '<recv response="200"/>');
  const seen: SipMessage[] = [];
  const h = new EngineHarness({
    scenario: xml,
    config: { maxCalls: 1 },
    peer: {
      receive: (m, reply) => {
        seen.push(m);
        reply(buildResponse(m, 200));
      },
    },
  });
  h.run(500);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].header('Authorization'), undefined);
  assert.equal(seen[0].header('Contact'), 'sip:sipp@127.0.0.1:5060');
  assert.equal(h.counters().SuccessfulCall, 1);
});

const UAS_XML = clientXml(`
<recv request="REGISTER"/>
<send><![CDATA[
SIP/2.0 401 Unauthorized
[last_Via:]
[last_From:]
[last_To:];tag=[call_number]
[last_Call-ID:]
[last_CSeq:]
WWW-Authenticate: Digest realm="uas", nonce="abc"
Content-Length: 0

]]></send>
<recv request="REGISTER">
  <action><verifyauth assign_to="ok" username="[service]" password="pw"/></action>
</recv>
<nop test="ok" next="good"/>
<send next="end"><![CDATA[
SIP/2.0 403 Forbidden
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<label id="good"/>
<send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
<label id="end"/>
`);

function uasRun(password: string): string {
  const h = new EngineHarness({ scenario: UAS_XML });
  h.transport.inject(buildRequest('REGISTER', { callId: 'c1', cseq: 1 }));
  h.run(10);
  const challenge = h.transport.sent[0].msg;
  assert.equal(challenge.statusCode, 401);
  // Answer it as a client would, with our own builder.
  const auth =
    'Digest username="service", realm="uas", nonce="abc", uri="sip:service@127.0.0.1:5060", ' +
    `response="${md5Response('service', 'uas', password, 'REGISTER', 'sip:service@127.0.0.1:5060', 'abc')}"`;
  h.transport.inject(
    withHeader(
      buildRequest('REGISTER', { callId: 'c1', cseq: 2, branch: 'b2' }),
      `Authorization: ${auth}`,
    ),
  );
  h.run(10);
  return h.transport.startLines()[1];
}

function md5Response(u: string, r: string, p: string, m: string, uri: string, n: string): string {
  const h = (s: string): string => createHash('md5').update(s).digest('hex');
  return h(`${h(`${u}:${r}:${p}`)}:${n}:${h(`${m}:${uri}`)}`);
}

test('<verifyauth>: 200 for the right password, 403 for a wrong one', () => {
  assert.equal(uasRun('pw'), 'SIP/2.0 200 OK');
  assert.equal(uasRun('wrong'), 'SIP/2.0 403 Forbidden');
});

test('[authentication] inside an injection field: each call signs with its own line', () => {
  // SIPp's documented way to give each user its own credentials (sipp-reference §6).
  const users = new InjectionSet([
    InjectionFile.parse(
      'users.csv',
      Buffer.from(
        'SEQUENTIAL\nalice;[authentication username=alice password=secret]\n' +
          'bob;[authentication username=bob password=wrong]\n',
        'latin1',
      ),
    ),
  ]);
  const send = (extra: string): string => `<send><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:[field0]@[remote_ip]>;tag=[call_number]
To: <sip:[field0]@[remote_ip]>
Call-ID: [call_id]
CSeq: [cseq] REGISTER
${extra}
Content-Length: [len]

]]></send>`;
  const xml = clientXml(
    send('') + '<recv response="401" auth="true"/>' + send('[field1]') + '<recv response="200"/>',
  );
  const seen: string[] = [];
  const registrar: ScriptedPeer = {
    receive(msg, reply) {
      const auth = msg.headerValues('Authorization');
      if (auth.length === 0) {
        reply(
          withHeader(
            buildResponse(msg, 401, 'Unauthorized'),
            'WWW-Authenticate: Digest realm="r", nonce="n1"',
          ),
        );
        return;
      }
      const user = parseAuthChallenges(auth)[0].params.get('username') ?? '';
      seen.push(`${user} ${auth[0].includes('[') ? 'raw' : 'digest'}`);
      const ok = verifyAuthorization(
        { method: msg.method, authorization: auth, body: '' },
        'alice',
        'secret',
      );
      reply(buildResponse(msg, ok ? 200 : 403));
    },
  };
  const h = new EngineHarness({
    scenario: xml,
    config: { maxCalls: 2 },
    rate: { callsPerPeriod: 10 },
    peer: registrar,
    injection: users,
  });
  h.run(2000);
  assert.deepEqual(seen, ['alice digest', 'bob digest']);
  const c = h.counters();
  assert.equal(c.SuccessfulCall, 1, 'alice, with the right password');
  assert.equal(c.FailedCall, 1, "bob's wrong password gets a 403");
  const second = h.transport.sentOf('REGISTER')[1].msg;
  assert.equal(second.header('Content-Length'), '0', '[len] still counts the (empty) body');
});
