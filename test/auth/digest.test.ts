import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DigestSession,
  digestAlgorithm,
  digestResponse,
  parseAuthChallenges,
  selectChallenge,
  verifyAuthorization,
} from '../../src/auth/index.ts';
import type { DigestAlgorithm } from '../../src/auth/index.ts';

const alg = (name: string): DigestAlgorithm => digestAlgorithm(name) as DigestAlgorithm;

test('RFC 2617 §3.5: MD5, qop=auth', () => {
  const r = digestResponse({
    algorithm: alg('MD5'),
    username: 'Mufasa',
    realm: 'testrealm@host.com',
    password: 'Circle Of Life',
    method: 'GET',
    uri: '/dir/index.html',
    nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
    qop: 'auth',
    nc: '00000001',
    cnonce: '0a4f113b',
    body: '',
  });
  assert.equal(r, '6629fae49393a05397450978507c4ef1');
});

const rfc7616 = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  qop: 'auth',
  nc: '00000001',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  body: '',
};

test('RFC 7616 §3.9.1: the same request with MD5 and with SHA-256', () => {
  assert.equal(
    digestResponse({ ...rfc7616, algorithm: alg('MD5') }),
    '8ca523f5e9506fed4657c9700eebdbec',
  );
  assert.equal(
    digestResponse({ ...rfc7616, algorithm: alg('SHA-256') }),
    '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
  );
});

test('RFC 2069 form (no qop), -sess and auth-int change the response as the RFC defines', () => {
  const base = { ...rfc7616, algorithm: alg('MD5'), qop: '', nc: '', cnonce: '' };
  const noQop = digestResponse(base);
  assert.match(noQop, /^[0-9a-f]{32}$/);
  assert.notEqual(digestResponse({ ...base, qop: 'auth', nc: '00000001', cnonce: 'x' }), noQop);
  const int1 = digestResponse({ ...base, qop: 'auth-int', nc: '00000001', cnonce: 'x' });
  const int2 = digestResponse({
    ...base,
    qop: 'auth-int',
    nc: '00000001',
    cnonce: 'x',
    body: 'v=0\r\n',
  });
  assert.notEqual(int1, int2, 'auth-int hashes the body');
  const sess = digestResponse({
    ...base,
    algorithm: alg('MD5-sess'),
    qop: 'auth',
    nc: '1',
    cnonce: 'c',
  });
  assert.notEqual(sess, digestResponse({ ...base, qop: 'auth', nc: '1', cnonce: 'c' }));
  assert.match(digestResponse({ ...base, algorithm: alg('SHA-512-256') }), /^[0-9a-f]{64}$/);
});

test('challenge parsing: quoted commas, escapes, several challenges in one or more headers', () => {
  const cs = parseAuthChallenges([
    'Digest realm="a, b", nonce="n\\"1", qop="auth,auth-int", algorithm=MD5, Digest realm="r2",' +
      ' nonce=n2, algorithm=SHA-256',
    'Basic realm="x", Bearer abc==, Newauth realm="apps", type=1, title="Login to \\"apps\\""',
  ]);
  assert.deepEqual(
    cs.map((c) => c.scheme),
    ['Digest', 'Digest', 'Basic', 'Bearer', 'Newauth'],
  );
  assert.equal(cs[0].params.get('realm'), 'a, b');
  assert.equal(cs[0].params.get('nonce'), 'n"1');
  assert.equal(cs[0].params.get('qop'), 'auth,auth-int');
  assert.equal(cs[1].params.get('nonce'), 'n2');
  assert.equal(cs[4].params.get('title'), 'Login to "apps"');
  const best = selectChallenge(cs);
  assert.ok(!('error' in best));
  assert.equal(best.algorithm.name, 'SHA-256', 'the strongest algorithm offered wins');
  assert.equal(best.realm, 'r2');
  const md5 = selectChallenge(cs.slice(0, 1));
  assert.ok(!('error' in md5));
  assert.equal(md5.qop, 'auth-int', 'SIPp answers auth-int when it is offered');
  const none = selectChallenge(parseAuthChallenges(['Digest realm="r", nonce="n", algorithm=FOO']));
  assert.ok('error' in none);
  assert.match(none.error, /Digest FOO/);
});

test('a session counts nc per nonce and draws cnonces from the injected random source', () => {
  let i = 0;
  const s = new DigestSession({ next: () => [0.5, 0.25, 0.125, 0][i++ % 4] });
  assert.equal(s.nextNonceCount('a'), 1);
  assert.equal(s.nextNonceCount('a'), 2);
  assert.equal(s.nextNonceCount('b'), 1);
  assert.equal(s.nextNonceCount('a'), 3);
  assert.equal(s.cnonce(), '8000000040000000');
  assert.equal(s.cnonce(), '2000000000000000');
});

test('verifyAuthorization accepts the RFC 7616 credentials and rejects a wrong password', () => {
  const header =
    'Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", ' +
    'algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, ' +
    'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, ' +
    'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", ' +
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"';
  const req = { method: 'GET', authorization: [header], body: '' };
  assert.equal(verifyAuthorization(req, 'Mufasa', 'Circle of Life'), true);
  assert.equal(verifyAuthorization(req, 'Mufasa', 'Circle of life'), false);
  assert.equal(verifyAuthorization(req, 'Simba', 'Circle of Life'), false);
  assert.equal(verifyAuthorization({ ...req, method: 'POST' }, 'Mufasa', 'Circle of Life'), false);
  const md5 =
    'Digest username="Mufasa", realm="testrealm@host.com", ' +
    'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="/dir/index.html", qop=auth, nc=00000001,' +
    ' cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1"';
  assert.equal(
    verifyAuthorization(
      { method: 'GET', authorization: [md5], body: '' },
      'Mufasa',
      'Circle Of Life',
    ),
    true,
  );
});
