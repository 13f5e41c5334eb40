import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ipToWords, wordsToIp } from '../../src/transport/ip-words.ts';

/** The WHATWG URL parser prints IPv6 in RFC 5952 form: an independent reference. */
function canonicalV6(ip: string): string {
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

test('IPv4 literals survive the trip through address words', () => {
  fc.assert(
    fc.property(fc.ipV4(), (ip) => {
      const w = ipToWords(ip);
      assert.ok(w);
      assert.equal(w.family, 4);
      assert.equal(wordsToIp(4, ...w.words), ip);
    }),
  );
});

test('IPv6 literals come back in RFC 5952 form', () => {
  fc.assert(
    fc.property(fc.ipV6(), (ip) => {
      const w = ipToWords(ip);
      assert.ok(w);
      assert.equal(w.family, 6);
      const back = wordsToIp(6, ...w.words);
      // The reference prints v4-mapped addresses in hex; dgram (and we) print the dotted form.
      if (back.startsWith('::ffff:') && back.includes('.')) {
        assert.equal(canonicalV6(back), canonicalV6(ip));
      } else {
        assert.equal(back, canonicalV6(ip));
      }
    }),
  );
});

test('address words hold the bytes in network order, as the kernel does', () => {
  const w = ipToWords('10.1.2.3');
  assert.deepEqual(Buffer.from(new Int32Array([w!.words[0]]).buffer), Buffer.from([10, 1, 2, 3]));
  assert.equal(wordsToIp(6, ...ipToWords('::ffff:192.0.2.7')!.words), '::ffff:192.0.2.7');
  assert.equal(wordsToIp(6, ...ipToWords('[::1]')!.words), '::1');
  assert.equal(ipToWords('example.com'), null);
});
