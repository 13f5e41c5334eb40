import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  MAX_HEADER_LINE_BYTES,
  MAX_HEADER_LINES,
  MAX_MESSAGE_BYTES,
  isParseFailure,
  parseSipMessage,
  type SipMessage,
  type SipParseFailure,
} from '../../src/sip/index.ts';

const HEAD = 'INVITE sip:bob@b SIP/2.0\r\nCall-ID: abc\r\nCSeq: 1 INVITE\r\n';
const VALID = Buffer.from(
  HEAD +
    'Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:b>;tag=t\r\nFrom: "A" <sip:a>;tag=f\r\n' +
    'Subject: a\r\n b\r\nContent-Length: 4\r\n\r\nbody',
  'latin1',
);

function reasonOf(input: Buffer): string {
  const result = parseSipMessage(input);
  if (!isParseFailure(result)) assert.fail(`expected a failure, parsed ${result.startLine}`);
  return result.reason;
}

/** Reads every accessor so lazy paths run too; none of them may throw. */
function touchEverything(result: SipMessage | SipParseFailure): void {
  if (isParseFailure(result)) {
    assert.equal(typeof result.reason, 'string');
    assert.ok(result.reason.length > 0);
    return;
  }
  void [
    result.startLine,
    result.requestUri,
    result.callId(),
    result.cseqNumber(),
    result.cseqMethod(),
    result.viaBranch(),
    result.toTag(),
    result.fromTag(),
    result.header('Subject'),
    result.headerValues('via'),
    result.headerLine('to'),
    result.body(),
  ];
  assert.ok(result.body().length <= result.raw.length);
}

describe('parseSipMessage: hostile input', () => {
  it('rejects 10k header lines', () => {
    const lines = 'a: b\r\n'.repeat(10_000);
    assert.match(reasonOf(Buffer.from(HEAD + lines + '\r\n')), /^too many headers/);
  });

  it('accepts exactly MAX_HEADER_LINES header lines and rejects one more', () => {
    const filler = (n: number) => 'a: b\r\n'.repeat(n);
    assert.equal(
      isParseFailure(parseSipMessage(Buffer.from(HEAD + filler(MAX_HEADER_LINES - 2) + '\r\n'))),
      false,
    );
    assert.match(
      reasonOf(Buffer.from(HEAD + filler(MAX_HEADER_LINES - 1) + '\r\n')),
      /^too many headers/,
    );
  });

  it('rejects a 1 MiB header as too large', () => {
    const huge = Buffer.from(HEAD + 'X-Big: ' + 'x'.repeat(1024 * 1024) + '\r\n\r\n');
    assert.match(reasonOf(huge), /^message too large/);
  });

  it('rejects a header line over the line limit, also when reached by folding', () => {
    const long = 'x'.repeat(MAX_HEADER_LINE_BYTES);
    assert.equal(reasonOf(Buffer.from(HEAD + `X-Long: ${long}\r\n\r\n`)), 'header line too long');
    const half = 'y'.repeat(MAX_HEADER_LINE_BYTES / 2);
    assert.equal(
      reasonOf(Buffer.from(HEAD + `X-Fold: ${half}\r\n ${half}\r\n\r\n`)),
      'header line too long',
    );
  });

  it('rejects a message one byte over MAX_MESSAGE_BYTES', () => {
    const head = HEAD + 'Content-Length: 0\r\n\r\n';
    const buf = Buffer.alloc(MAX_MESSAGE_BYTES + 1, 0x41);
    buf.write(head, 0, 'latin1');
    assert.match(reasonOf(buf), /^message too large/);
  });

  it('rejects NUL bytes in the header section', () => {
    assert.equal(
      reasonOf(Buffer.from(HEAD.replace('abc', 'a\0c') + '\r\n', 'latin1')),
      'NUL byte in headers',
    );
    assert.equal(reasonOf(Buffer.from('\0' + HEAD + '\r\n', 'latin1')), 'bad start line');
  });

  for (const value of ['-1', '99999999999999999999999', 'ten', '1e3', '0x10', '', '4 4']) {
    it(`rejects Content-Length ${JSON.stringify(value)}`, () => {
      assert.match(
        reasonOf(Buffer.from(HEAD + `Content-Length: ${value}\r\n\r\nbody`)),
        /^(bad Content-Length|truncated body)/,
      );
    });
  }

  it('reports a huge Content-Length as written', () => {
    assert.equal(
      reasonOf(Buffer.from(HEAD + 'Content-Length: 99999999999999999999\r\n\r\nbody')),
      'truncated body (Content-Length 99999999999999999999, got 4)',
    );
  });

  it('rejects a continuation line before any header', () => {
    assert.match(
      reasonOf(Buffer.from('BYE sip:x SIP/2.0\r\n folded\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n\r\n')),
      /^bad header line/,
    );
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        touchEverything(parseSipMessage(Buffer.from(bytes)));
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on a valid message with a prefix of arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        touchEverything(parseSipMessage(Buffer.concat([Buffer.from(bytes), VALID])));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on truncations of a valid message', () => {
    for (let end = 0; end <= VALID.length; end++)
      touchEverything(parseSipMessage(VALID.subarray(0, end)));
  });

  it('never throws on byte mutations of a valid message', () => {
    const mutation = fc.array(
      fc.tuple(fc.nat({ max: VALID.length - 1 }), fc.integer({ min: 0, max: 255 })),
      { minLength: 1, maxLength: 8 },
    );
    fc.assert(
      fc.property(mutation, (edits) => {
        const copy = Buffer.from(VALID);
        for (const [at, byte] of edits) copy[at] = byte;
        touchEverything(parseSipMessage(copy));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws when SIP delimiters are spliced into a valid message', () => {
    const delimiter = fc.constantFrom(
      '\r',
      '\n',
      ' ',
      '\t',
      ':',
      ';',
      ',',
      '"',
      '<',
      '>',
      '\\',
      '=',
      '\0',
    );
    const splice = fc.array(fc.tuple(fc.nat({ max: VALID.length }), delimiter), {
      minLength: 1,
      maxLength: 6,
    });
    fc.assert(
      fc.property(splice, (inserts) => {
        let text = VALID.toString('latin1');
        for (const [at, ch] of inserts) text = text.slice(0, at) + ch + text.slice(at);
        touchEverything(parseSipMessage(Buffer.from(text, 'latin1')));
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a failure, not a throw, for a non-Buffer argument', () => {
    const result = parseSipMessage(undefined as unknown as Buffer);
    assert.ok(isParseFailure(result));
  });
});
