/**
 * Our WebRTC peers gather host candidates on the media IP only: werift, left to itself, asks
 * stun.l.google.com for a server-reflexive candidate (a DNS query, then a STUN request) for every
 * call. werift resolves through node:dns's promises API, watched here while an offer and its
 * answer are made.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dns from 'node:dns';
import { loadWerift } from '../../../src/media/webrtc/index.ts';
import { WebRtcPeer } from '../../../src/media/webrtc/webrtc-peer.ts';

test('making an offer and an answer asks no STUN server (no name is looked up)', async (t) => {
  const names: string[] = [];
  const lookup = dns.promises.lookup;
  t.mock.method(dns.promises, 'lookup', (name: string, ...rest: unknown[]) => {
    names.push(name);
    return Reflect.apply(lookup, dns.promises, [name, ...rest]);
  });
  const werift = loadWerift();
  const events = { onRtp: () => undefined, onSent: () => undefined, onFailed: () => undefined };
  const caller = new WebRtcPeer({ werift, ip: '127.0.0.1', events });
  const callee = new WebRtcPeer({ werift, ip: '127.0.0.1', events });
  try {
    const offer = await caller.offer();
    const answer = await callee.answer(offer, Date.now());
    assert.match(answer, /^a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 /m);
    assert.deepEqual(
      names.filter((n) => n !== '127.0.0.1'),
      [],
      'names looked up while gathering',
    );
  } finally {
    await Promise.all([caller.close(), callee.close()]);
  }
});
