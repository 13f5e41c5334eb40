/**
 * The address keywords of an IPv6 run, against the bytes SIPp 3.6.1 sent with `-i ::1` and a
 * `[::1]:5099` remote (test/scenario/fixtures/ipv6-sipp-*.sip): `[local_ip]` and `[remote_ip]`
 * bracketed, `[media_ip]`, `[server_ip]` and the Call-ID's local IP bare, types 6.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildAuthorization, DigestSession } from '../../src/auth/index.ts';
import { compileCallIdFormat } from '../../src/engine/call-id.ts';
import { addressKeywordValues } from '../../src/run/addresses.ts';
import type { ResolvedRemote } from '../../src/run/addresses.ts';
import { compileTemplate, loadBuiltinScenario, renderTemplate } from '../../src/scenario/index.ts';
import type { KeywordSource, SendCommand } from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource, fixture } from '../scenario/fake-source.ts';

const REMOTE: ResolvedRemote = { host: '::1', ip: '::1', port: 5099, family: 6 };
/** What a Run gives its calls for `-i ::1` and remote [::1]:5099 (run/run.ts). */
const V6 = addressKeywordValues('::1', '::1', REMOTE);

function uacSource(overrides: Partial<KeywordSource>): KeywordSource {
  const callId = compileCallIdFormat('%u-%p@%s', '5805', V6.localIp)(1);
  return fakeSource({
    ...V6,
    remotePort: 5099,
    localPort: 5098,
    mediaPort: 6020,
    pid: 5805,
    engineId: '5805',
    callId,
    ...overrides,
  });
}

function uasSource(overrides: Partial<KeywordSource>): KeywordSource {
  const uas = addressKeywordValues('::1', '::1', undefined);
  return fakeSource({
    ...uas,
    remotePort: 5060,
    localPort: 5099,
    mediaPort: 6008,
    pid: 5783,
    engineId: '5783',
    ...overrides,
  });
}

function sendAt(name: string, index: number): SendCommand {
  const c = loadBuiltinScenario(name).commands[index];
  assert.equal(c.kind, 'send');
  return c as SendCommand;
}

test('a run with -i ::1 gives the keywords SIPp prints', () => {
  assert.deepEqual(V6, {
    remoteIp: '[::1]',
    localIp: '[::1]',
    localIpType: 6,
    mediaIp: '::1',
    mediaIpType: 6,
  });
  assert.deepEqual(addressKeywordValues('127.0.0.1', '10.0.0.5', undefined), {
    remoteIp: '',
    localIp: '127.0.0.1',
    localIpType: 4,
    mediaIp: '10.0.0.5',
    mediaIpType: 4,
  });
  // -mi of the other family than -i: each type follows its own address.
  assert.deepEqual(
    [addressKeywordValues('::1', '192.0.2.1', REMOTE)].map((v) => [v.localIpType, v.mediaIpType]),
    [[6, 4]],
  );
});

test('Call-ID %s is the bare local IP, as SIPp sends 1-5805@::1', () => {
  assert.equal(compileCallIdFormat('%u-%p@%s', '5805', '[::1]')(1), '1-5805@::1');
  assert.equal(compileCallIdFormat('%u-%p@%s', '7', '[2001:db8::1]')(3), '3-7@2001:db8::1');
  assert.equal(compileCallIdFormat('%u-%p@%s', '7', '127.0.0.1')(3), '3-7@127.0.0.1');
});

test('uac INVITE, ACK and BYE over IPv6 render byte-identical to SIPp', () => {
  const invite = renderTemplate(sendAt('uac', 0).template, uacSource({ msgIndex: 0 }));
  assert.equal(invite.toString('latin1'), fixture('ipv6-sipp-uac-invite.sip').toString('latin1'));
  const dialog = { peerTag: '5783SIPpTag011', cseq: 2 };
  const ack = renderTemplate(sendAt('uac', 5).template, uacSource({ ...dialog, msgIndex: 5 }));
  assert.equal(ack.toString('latin1'), fixture('ipv6-sipp-uac-ack.sip').toString('latin1'));
  const bye = renderTemplate(sendAt('uac', 7).template, uacSource({ ...dialog, msgIndex: 7 }));
  assert.equal(bye.toString('latin1'), fixture('ipv6-sipp-uac-bye.sip').toString('latin1'));
});

test('uas 180, 200 and 200 to BYE over IPv6 render byte-identical to SIPp', () => {
  const afterInvite = uasSource({ lastMessage: fakeMessage(fixture('ipv6-sipp-uac-invite.sip')) });
  for (const [index, file] of [
    [1, 'ipv6-sipp-uas-180.sip'],
    [2, 'ipv6-sipp-uas-200.sip'],
  ] as const) {
    assert.equal(
      renderTemplate(sendAt('uas', index).template, afterInvite).toString('latin1'),
      fixture(file).toString('latin1'),
    );
  }
  const afterBye = uasSource({ lastMessage: fakeMessage(fixture('ipv6-sipp-uac-bye.sip')) });
  assert.equal(
    renderTemplate(sendAt('uas', 5).template, afterBye).toString('latin1'),
    fixture('ipv6-sipp-uas-200-bye.sip').toString('latin1'),
  );
});

test('[server_ip]: the socket address, never bracketed; [local_ip_type]/[media_ip_type]', () => {
  const t = compileTemplate(
    'OPTIONS sip:x SIP/2.0\nX: [server_ip] [local_ip] [local_ip_type] [media_ip] [media_ip_type]\n',
    { userKeywords: new Set() },
  );
  const text = (src: Partial<KeywordSource>): string =>
    renderTemplate(t, uacSource(src)).toString('latin1').split('\r\n')[1];
  assert.equal(text({ serverIp: '::1' }), 'X: ::1 [::1] 6 ::1 6');
  assert.equal(text({ serverIp: '::' }), 'X: :: [::1] 6 ::1 6');
  assert.equal(
    text({ serverIp: '0.0.0.0', ...addressKeywordValues('127.0.0.1', '127.0.0.1', undefined) }),
    'X: 0.0.0.0 127.0.0.1 4 127.0.0.1 4',
  );
});

test('[authentication] signs sip:<remote_ip>:<port> with the IP bare, as SIPp (uri="sip:::1:5099")', () => {
  const session = new DigestSession({ next: () => 0.5 });
  session.store(401, ['Digest realm="r", nonce="abc"']);
  const r = buildAuthorization(
    { authSession: session, service: 's', remoteIp: V6.remoteIp, remotePort: 5099 },
    { username: 'u', password: 'p' },
    { method: 'INVITE', body: '' },
  );
  assert.ok('line' in r);
  assert.match(r.line, /,uri="sip:::1:5099",/);
});
