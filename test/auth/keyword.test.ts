/**
 * The `[authentication]` keyword in templates (load-time parameter check, the post-render fill
 * and `[len]` after it), `-auth_uri`, and the auth flags of the command line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildAuthorization,
  DigestSession,
  findAuthenticationKeyword,
  parseAuthChallenges,
} from '../../src/auth/index.ts';
import { parseScenarioFlags, type ParsedFlags } from '../../src/cli/index.ts';
import { compileTemplate, loadScenarioXml, renderTemplate } from '../../src/scenario/index.ts';
import { fakeSource } from '../scenario/fake-source.ts';

test('[authentication] loads; a misspelt parameter is a load error with a suggestion', () => {
  assert.doesNotThrow(() => compileTemplate('REGISTER sip:x SIP/2.0\n[authentication]\n\n'));
  assert.doesNotThrow(() =>
    compileTemplate(
      'REGISTER sip:x SIP/2.0\n[authentication username=a password="p w" aka_K=0123456789abcdef aka_OP=fedcba9876543210 aka_AMF=ab]\n\n',
    ),
  );
  assert.throws(
    () =>
      loadScenarioXml(
        '<scenario><send><![CDATA[\nREGISTER sip:x SIP/2.0\n[authentication passwd=x]\n\n]]></send></scenario>',
        'a.xml',
      ),
    /a\.xml:\d+:\d+ .*unknown parameter "passwd" \(did you mean "password"\?\)/,
  );
});

function challenged(status: number, header: string): DigestSession {
  const s = new DigestSession({ next: () => 0.5 });
  s.store(status, [header]);
  return s;
}

test('the line goes where the keyword stood, signing the rendered URI and body; [len] counts the body', () => {
  const t = compileTemplate(
    [
      'MESSAGE sip:[service]@[remote_ip] SIP/2.0',
      'CSeq: 7 MESSAGE',
      '[authentication username=bob password=pw]',
      'Content-Length: [len]',
      '',
      'hello [call_number]',
      '',
    ].join('\n'),
  );
  const authSession = challenged(
    407,
    'Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256',
  );
  const out = renderTemplate(t, fakeSource({ authSession })).toString('latin1');
  const lines = out.split('\r\n');
  assert.match(lines[2], /^Proxy-Authorization: Digest username="bob",realm="r",cnonce="/);
  const body = out.slice(out.indexOf('\r\n\r\n') + 4);
  assert.equal(lines[3], `Content-Length: ${String(body.length).padStart(5)}`);
  const [c] = parseAuthChallenges([lines[2].slice('Proxy-Authorization:'.length)]);
  const uri = 'sip:127.0.0.1:5099';
  assert.equal(c.params.get('uri'), uri, "SIPp's digest uri: remote_ip:remote_port");
  const again = buildAuthorization(
    {
      authSession: challenged(
        407,
        'Digest realm="r", nonce="n", qop="auth-int", algorithm=SHA-256',
      ),
      service: 's',
      remoteIp: '127.0.0.1',
      remotePort: 5099,
    },
    { username: 'bob', password: 'pw' },
    { method: 'MESSAGE', body },
  );
  assert.ok('line' in again);
  assert.equal(again.line, lines[2], 'same inputs, same line (cnonce from the same draws)');
});

test('-auth_uri: host:port gets sip:, a full URI is kept', () => {
  const uriOf = (uri: string): string | undefined => {
    const r = buildAuthorization(
      {
        authSession: challenged(401, 'Digest realm="r", nonce="n"'),
        authDefaults: { password: 'p', uri },
        service: 'svc',
        remoteIp: '10.9.9.9',
        remotePort: 5070,
      },
      {},
      { method: 'REGISTER', body: '' },
    );
    assert.ok('line' in r);
    assert.match(r.line, /^Authorization: Digest username="svc",/, 'username defaults to -s');
    return parseAuthChallenges([r.line.slice('Authorization:'.length)])[0].params.get('uri');
  };
  assert.equal(uriOf('10.0.0.1:5060'), 'sip:10.0.0.1:5060');
  assert.equal(uriOf('registrar.test'), 'sip:registrar.test');
  assert.equal(uriOf('sips:alice@registrar.test'), 'sips:alice@registrar.test');
  assert.equal(uriOf(''), 'sip:10.9.9.9:5070', 'no -auth_uri: remote_ip:remote_port');
});

test('flags: -au, -ap, -auth_uri, -aka_K, -aka_OP, -aka_AMF reach the RunConfig', () => {
  const parsed: ParsedFlags = parseScenarioFlags(
    [
      '-sn',
      'uac',
      '-au',
      'alice',
      '-ap',
      'pw',
      '-auth_uri',
      'reg.test',
      '-aka_K',
      '0x01',
      '-aka_OP',
      '0x02',
      '-aka_AMF',
      '0x8000',
      '127.0.0.1',
    ],
    '/',
  );
  assert.equal(parsed.kind, 'run');
  const c = (parsed as Extract<ParsedFlags, { kind: 'run' }>).config;
  assert.deepEqual(
    [c.authUser, c.authPassword, c.authUri, c.akaK, c.akaOp, c.akaAmf],
    ['alice', 'pw', 'reg.test', '0x01', '0x02', '0x8000'],
  );
});

test('findAuthenticationKeyword: the keyword inside an injection-file field, params by SIPp name', () => {
  const text = 'x;[authentication username=alice password="a]b" aka_K=0x01];y';
  const found = findAuthenticationKeyword(text);
  assert.ok(found);
  assert.equal(
    text.slice(found.start, found.end),
    '[authentication username=alice password="a]b" aka_K=0x01]',
  );
  assert.deepEqual(found.params, { username: 'alice', password: 'a]b', aka_K: '0x01' });
  assert.deepEqual(findAuthenticationKeyword('[authentication]')?.params, {});
  assert.equal(findAuthenticationKeyword('[authenticationx]'), undefined);
  assert.equal(findAuthenticationKeyword('no keyword'), undefined);
});
