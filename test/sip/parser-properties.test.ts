import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  COMPACT_HEADER_FORMS,
  headerNameKey,
  isParseFailure,
  parseSipMessage,
  serializeSipMessage,
  type OutgoingMessage,
  type SipMessage,
} from '../../src/sip/index.ts';

const TOKEN_CHARS = [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"];
const token = fc.string({ unit: fc.constantFrom(...TOKEN_CHARS), minLength: 1, maxLength: 12 });
/** Any latin1 char a header value may hold: visible bytes, spaces and tabs (no CR, LF or NUL). */
const valueChar = fc
  .integer({ min: 0x09, max: 0xff })
  .filter((c) => c !== 0x0a && c !== 0x0d && c !== 0x7f && (c >= 0x20 || c === 0x09))
  .map((c) => String.fromCharCode(c));
/** Parsed values are trimmed, so generate them already trimmed. */
const headerValue = fc
  .string({ unit: valueChar, maxLength: 40 })
  .map((v) => v.replace(/^[ \t]+|[ \t]+$/g, ''));
const uriChar = fc
  .integer({ min: 0x21, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));

const requestLine = fc
  .tuple(token, fc.string({ unit: uriChar, minLength: 1, maxLength: 30 }))
  .map(([method, uri]) => `${method} ${uri} SIP/2.0`);
const statusLine = fc
  .tuple(fc.integer({ min: 100, max: 699 }), fc.string({ unit: valueChar, maxLength: 20 }))
  .map(([code, reason]) => `SIP/2.0 ${code} ${reason}`);

/** Extra headers; Content-Length is the serializer's to set, so its names are excluded. */
const extraHeader = fc
  .tuple(token, headerValue)
  .filter(([name]) => headerNameKey(name).long !== 'content-length');

const outgoing: fc.Arbitrary<OutgoingMessage> = fc
  .record({
    startLine: fc.oneof(requestLine, statusLine),
    callId: fc.string({ unit: uriChar, minLength: 1, maxLength: 30 }),
    cseq: fc.tuple(fc.nat({ max: 2 ** 31 - 1 }), token),
    extra: fc.array(extraHeader, { maxLength: 12 }),
    body: fc.uint8Array({ maxLength: 300 }),
  })
  .map(({ startLine, callId, cseq, extra, body }) => ({
    startLine,
    headers: [['Call-ID', callId], ['CSeq', `${cseq[0]} ${cseq[1]}`], ...extra] as Array<
      [string, string]
    >,
    body: Buffer.from(body),
  }));

function parse(buf: Buffer): SipMessage {
  const result = parseSipMessage(buf);
  if (isParseFailure(result)) assert.fail(`unexpected failure: ${result.reason}`);
  return result;
}

describe('parser properties', () => {
  it('round-trips start line, header values and body through the serializer', () => {
    fc.assert(
      fc.property(outgoing, (out) => {
        const m = parse(serializeSipMessage(out));
        assert.equal(m.startLine, out.startLine);
        assert.deepEqual(m.body(), out.body);
        const expected = new Map<string, string[]>();
        for (const [name, value] of out.headers) {
          const key = headerNameKey(name).long;
          expected.set(key, [...(expected.get(key) ?? []), value]);
        }
        for (const [name, values] of expected) {
          assert.deepEqual(m.headerValues(name), values, `values of ${name}`);
          assert.equal(m.header(name), values[0]);
        }
        assert.equal(m.header('Content-Length'), String(out.body?.length));
      }),
      { numRuns: 300 },
    );
  });

  it('never lets header-name case or compact form change what header() returns', () => {
    const pair = fc.constantFrom(...Object.entries(COMPACT_HEADER_FORMS));
    fc.assert(
      fc.property(
        pair,
        headerValue,
        fc.boolean(),
        fc.boolean(),
        fc.nat(),
        ([compact, long], value, writeCompact, upperCompact, seed) => {
          const written = writeCompact
            ? upperCompact
              ? compact.toUpperCase()
              : compact
            : mixCase(long, seed);
          // The parser needs a non-empty Call-ID, and Content-Length is always the body length.
          const expected =
            long === 'Call-ID' ? value || 'cid' : long === 'Content-Length' ? '0' : value;
          const headers: Array<[string, string]> = [[written, expected]];
          if (long !== 'Call-ID') headers.push(['Call-ID', 'cid']);
          headers.push(['CSeq', '1 OPTIONS']);
          const m = parse(serializeSipMessage({ startLine: 'OPTIONS sip:x SIP/2.0', headers }));
          for (const query of [
            long,
            long.toUpperCase(),
            long.toLowerCase(),
            mixCase(long, seed + 1),
            compact,
            compact.toUpperCase(),
          ]) {
            assert.equal(m.header(query), expected, `header(${query}) with ${written} written`);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps header() in agreement with the per-message accessors', () => {
    fc.assert(
      fc.property(outgoing, (out) => {
        const m = parse(serializeSipMessage(out));
        assert.equal(m.callId(), m.header('i'));
        assert.equal(`${m.cseqNumber()} ${m.cseqMethod()}`, m.header('cseq'));
      }),
      { numRuns: 200 },
    );
  });

  it('answers for a message read after newer ones were parsed as if it were the only one', () => {
    // Header offsets are lent from one scratch array (src/sip/message-scan.ts); a message read
    // after a later scan must copy its own back out of its bytes, in whatever order reads come.
    const wire = fc.array(
      outgoing.map((o) => serializeSipMessage(o)),
      { minLength: 2, maxLength: 6 },
    );
    fc.assert(
      fc.property(wire, fc.array(fc.nat(), { minLength: 1, maxLength: 20 }), (bufs, order) => {
        const expected = bufs.map((b) => {
          const alone = parse(b);
          return {
            callId: alone.header('call-id'),
            cseq: alone.header('CSeq'),
            names: allValues(alone, b),
          };
        });
        const messages = bufs.map((b) => parse(b));
        for (const k of order) {
          const i = k % messages.length;
          assert.equal(messages[i].header('Call-ID'), expected[i].callId, `message ${i} Call-ID`);
          assert.equal(messages[i].header('cseq'), expected[i].cseq, `message ${i} CSeq`);
          assert.deepEqual(
            allValues(messages[i], bufs[i]),
            expected[i].names,
            `message ${i} headers`,
          );
        }
      }),
    );
  });
});

/** Every header's values, by the names found in the serialized text. */
function allValues(m: SipMessage, wire: Buffer): string[][] {
  const text = wire.toString('latin1');
  const head = text.slice(text.indexOf('\r\n') + 2, text.indexOf('\r\n\r\n'));
  return head.split('\r\n').map((line) => m.headerValues(line.slice(0, line.indexOf(':'))));
}

/** Deterministic mixed case from a seed, so failures shrink and replay. */
function mixCase(name: string, seed: number): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    out += (seed >> (i % 30)) & 1 ? name[i].toUpperCase() : name[i].toLowerCase();
  }
  return out;
}
