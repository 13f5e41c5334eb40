import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  COMPACT_HEADER_FORMS,
  canonicalHeaderName,
  compactHeaderName,
  headerNameKey,
} from '../../src/sip/index.ts';

describe('header names', () => {
  it('maps every compact form to its long name and back', () => {
    assert.equal(Object.keys(COMPACT_HEADER_FORMS).length, 20);
    for (const [compact, long] of Object.entries(COMPACT_HEADER_FORMS)) {
      assert.equal(canonicalHeaderName(compact), long);
      assert.equal(canonicalHeaderName(compact.toUpperCase()), long);
      assert.equal(compactHeaderName(long.toUpperCase()), compact);
      assert.deepEqual(headerNameKey(long), headerNameKey(compact));
    }
  });

  it('spells well-known names as the RFCs do', () => {
    assert.equal(canonicalHeaderName('call-id'), 'Call-ID');
    assert.equal(canonicalHeaderName('CSEQ'), 'CSeq');
    assert.equal(canonicalHeaderName('www-authenticate'), 'WWW-Authenticate');
    assert.equal(canonicalHeaderName('v'), 'Via');
  });

  it('title-cases unknown names and trims them', () => {
    assert.equal(canonicalHeaderName(' x-my-HEADER '), 'X-My-Header');
    assert.equal(compactHeaderName('X-My-Header'), undefined);
    assert.equal(compactHeaderName('Max-Forwards'), undefined);
  });

  it('gives lower-case keys with an empty compact form for headers without one', () => {
    assert.deepEqual({ ...headerNameKey('Record-Route') }, { long: 'record-route', compact: '' });
    assert.deepEqual({ ...headerNameKey('I') }, { long: 'call-id', compact: 'i' });
  });
});
