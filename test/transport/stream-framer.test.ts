import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { StreamFramer } from '../../src/transport/index.ts';

interface Collected {
  messages: string[];
  malformed: Array<{ raw: string; reason: string }>;
}

function framer(limits?: { maxHeaderBytes: number; maxBodyBytes: number }): {
  f: StreamFramer;
  got: Collected;
} {
  const got: Collected = { messages: [], malformed: [] };
  const f = new StreamFramer(
    {
      onMessage: (m) => got.messages.push(m.toString('latin1')),
      onMalformed: (raw, reason) => got.malformed.push({ raw: raw.toString('latin1'), reason }),
    },
    limits,
  );
  return { f, got };
}

function request(callId: string, body = '', clHeader = 'Content-Length'): string {
  return `INVITE sip:a@b SIP/2.0\r\nCall-ID: ${callId}\r\nCSeq: 1 INVITE\r\n${clHeader}: ${body.length}\r\n\r\n${body}`;
}

function response(callId: string, body = ''): string {
  return `SIP/2.0 200 OK\r\nCall-ID: ${callId}\r\nl:${body.length}\r\n\r\n${body}`;
}

test('one chunk with several messages yields each, bodies cut at Content-Length', () => {
  const { f, got } = framer();
  const a = request('a', 'v=0\r\n');
  const b = response('b', 'xyz');
  const c = request('c');
  assert.equal(f.push(Buffer.from(a + b + c, 'latin1')), true);
  assert.deepEqual(got.messages, [a, b, c]);
  assert.equal(f.pendingBytes, 0);
});

test('a message split byte by byte comes out once, whole', () => {
  const { f, got } = framer();
  const m = request('split', 'hello body');
  for (const byte of Buffer.from(m, 'latin1')) f.push(Buffer.from([byte]));
  assert.deepEqual(got.messages, [m]);
});

test('CRLF keep-alives before, between and after messages are skipped', () => {
  const { f, got } = framer();
  const a = request('a');
  const b = response('b', 'x');
  f.push(Buffer.from(`\r\n\r\n${a}\r\n\r\n`, 'latin1'));
  f.push(Buffer.from(`\r\n${b}\r\n`, 'latin1'));
  assert.deepEqual(got.messages, [a, b]);
  assert.equal(got.malformed.length, 0);
});

test('compact l:, odd spacing and case in Content-Length are understood', () => {
  const { f, got } = framer();
  const a = 'BYE sip:x SIP/2.0\r\nCALL-ID: 1\r\ncontent-LENGTH  :   4  \r\n\r\nabcd';
  const b = 'ACK sip:x SIP/2.0\r\nL : 2\r\n\r\nxy';
  f.push(Buffer.from(a + b, 'latin1'));
  assert.deepEqual(got.messages, [a, b]);
});

test('a header that merely starts with l or content is not Content-Length', () => {
  const { f, got } = framer();
  const m =
    'OPTIONS sip:x SIP/2.0\r\nLocation: 99\r\nContent-Lengthy: 99\r\nContent-Length: 1\r\n\r\nz';
  f.push(Buffer.from(m, 'latin1'));
  assert.deepEqual(got.messages, [m]);
});

test('a message without Content-Length is body-less and the next message follows', () => {
  const { f, got } = framer();
  const a = 'ACK sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n';
  const b = request('b');
  f.push(Buffer.from(a + b, 'latin1'));
  assert.deepEqual(got.messages, [a, b]);
});

test('a body without Content-Length is refused: counted once, then the stream is dead', () => {
  const { f, got } = framer();
  const a = 'MESSAGE sip:x SIP/2.0\r\nCall-ID: 1\r\n\r\n{"json": true}';
  assert.equal(f.push(Buffer.from(a, 'latin1')), false);
  assert.equal(got.messages.length, 1, 'the headers-only message is delivered');
  assert.equal(got.malformed.length, 1);
  assert.match(got.malformed[0].reason, /not a SIP start line/);
  assert.equal(got.malformed[0].raw, '{"json": true}');
  assert.equal(f.isBroken, true);
  assert.equal(f.push(Buffer.from(request('later'), 'latin1')), false);
  assert.equal(got.messages.length, 1);
});

test('garbage is refused from its first bytes, without waiting for a blank line', () => {
  for (const garbage of [
    '\x00\x01\x02binary',
    '{ "not": "sip" }',
    ' INVITE leading space',
    'A'.repeat(40),
  ]) {
    const { f, got } = framer();
    assert.equal(f.push(Buffer.from(garbage, 'latin1')), false, JSON.stringify(garbage));
    assert.equal(got.malformed.length, 1);
    assert.equal(got.messages.length, 0);
  }
});

test('a start line still arriving is not judged early', () => {
  const { f, got } = framer();
  assert.equal(f.push(Buffer.from('INV', 'latin1')), true);
  assert.equal(f.push(Buffer.from('ITE sip:a SIP/2.0\r\nl: 0\r\n\r\n', 'latin1')), true);
  assert.equal(got.messages.length, 1);
  assert.equal(got.malformed.length, 0);
});

test('invalid or oversized Content-Length, and endless headers, are refused', () => {
  const cases: Array<[string, RegExp]> = [
    ['INVITE sip:a SIP/2.0\r\nContent-Length: 12x\r\n\r\n', /invalid Content-Length/],
    ['INVITE sip:a SIP/2.0\r\nContent-Length: \r\n\r\n', /invalid Content-Length/],
    [
      'INVITE sip:a SIP/2.0\r\nContent-Length: 99999999999\r\n\r\n',
      /^Content-Length 99999999999 above the 1000-byte limit$/,
    ],
    ['INVITE sip:a SIP/2.0\r\nContent-Length: 5000\r\n\r\n', /above the 1000-byte limit/],
    [`INVITE sip:a SIP/2.0\r\nX: ${'y'.repeat(3000)}`, /no end of headers within 2000 bytes/],
  ];
  for (const [text, reason] of cases) {
    const { f, got } = framer({ maxHeaderBytes: 2000, maxBodyBytes: 1000 });
    assert.equal(f.push(Buffer.from(text, 'latin1')), false, text.slice(0, 60));
    assert.match(got.malformed[0]?.reason ?? '', reason);
  }
});

test('a Content-Length of any number of digits above the limit says so, with the digits (shortened when long)', () => {
  const thirty = '1' + '0'.repeat(29);
  const cases: Array<[string, string]> = [
    ['2000000', 'Content-Length 2000000 above the 1048576-byte limit'],
    ['1000000000', 'Content-Length 1000000000 above the 1048576-byte limit'],
    [thirty, 'Content-Length 100000000000... (30 digits) above the 1048576-byte limit'],
    ['9'.repeat(400), 'Content-Length 999999999999... (400 digits) above the 1048576-byte limit'],
  ];
  for (const [digits, reason] of cases) {
    const { f, got } = framer();
    assert.equal(
      f.push(Buffer.from(`INVITE sip:a SIP/2.0\r\nContent-Length: ${digits}\r\n\r\n`, 'latin1')),
      false,
      digits,
    );
    assert.deepEqual(
      got.malformed.map((m) => m.reason),
      [reason],
    );
  }
  // Leading zeros are digits like any other: the value is what counts.
  const { f, got } = framer();
  const padded = `INVITE sip:a SIP/2.0\r\nContent-Length: ${'0'.repeat(20)}3\r\n\r\nabc`;
  assert.equal(f.push(Buffer.from(padded, 'latin1')), true);
  assert.deepEqual(got.messages, [padded]);
});

test('messages are lent from the chunk; an unfinished message outlives its chunk being reused', () => {
  const texts: string[] = [];
  const views: boolean[] = [];
  const chunk = Buffer.alloc(4096);
  const f = new StreamFramer({
    onMessage: (m) => {
      texts.push(m.toString('latin1'));
      views.push(m.buffer === chunk.buffer);
    },
    onMalformed: () => assert.fail('malformed'),
  });
  const a = request('a');
  const b = request('b');
  const split = a.length + 40;
  const first = chunk.subarray(0, chunk.write(a + b.slice(0, 40), 'latin1'));
  f.push(first);
  // The stream reads its next bytes into the same memory, as a shared read buffer does.
  chunk.fill(0x21);
  f.push(chunk.subarray(0, chunk.write((a + b).slice(split), 'latin1')));
  assert.deepEqual(texts, [a, b]);
  assert.deepEqual(
    views,
    [true, false],
    'a whole message in the chunk is a view; a joined one is a copy',
  );
});

const messageArb = fc
  .record({
    isRequest: fc.boolean(),
    callId: fc.stringMatching(/^[a-z0-9]{1,12}$/),
    body: fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e\r\n]/g, 'x')),
    compact: fc.boolean(),
    keepAlive: fc.constantFrom('', '\r\n', '\r\n\r\n'),
  })
  .map((m) => ({
    text: m.isRequest
      ? request(m.callId, m.body, m.compact ? 'l' : 'Content-Length')
      : response(m.callId, m.body),
    keepAlive: m.keepAlive,
  }));

test('property: any chunking of a stream yields the same messages as one push', () => {
  fc.assert(
    fc.property(
      fc.array(messageArb, { minLength: 1, maxLength: 12 }),
      fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 60 }),
      (messages, cuts) => {
        const stream = Buffer.from(messages.map((m) => m.keepAlive + m.text).join(''), 'latin1');
        const { f, got } = framer();
        let pos = 0;
        let i = 0;
        while (pos < stream.length) {
          const size = cuts[i++ % cuts.length];
          assert.equal(f.push(stream.subarray(pos, pos + size)), true);
          pos += size;
        }
        assert.deepEqual(
          got.messages,
          messages.map((m) => m.text),
        );
        assert.equal(got.malformed.length, 0);
        assert.equal(f.pendingBytes, 0);
      },
    ),
    { numRuns: 300 },
  );
});

test('property: garbage after valid messages never loses the messages before it', () => {
  fc.assert(
    fc.property(
      fc.array(messageArb, { minLength: 1, maxLength: 5 }),
      // Starts with a byte no start line can begin with (not a token byte, not a keep-alive).
      fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .filter(
          (g) =>
            g[0] !== 0x0d &&
            g[0] !== 0x0a &&
            !/[A-Za-z0-9\-.!%*_+`'~]/.test(String.fromCharCode(g[0])),
        ),
      fc.integer({ min: 1, max: 50 }),
      (messages, garbage, cut) => {
        const good = Buffer.from(messages.map((m) => m.text).join(''), 'latin1');
        const stream = Buffer.concat([good, Buffer.from(garbage)]);
        const { f, got } = framer();
        for (let pos = 0; pos < stream.length && !f.isBroken; pos += cut)
          f.push(stream.subarray(pos, pos + cut));
        assert.deepEqual(
          got.messages,
          messages.map((m) => m.text),
        );
        assert.equal(got.malformed.length, 1);
      },
    ),
    { numRuns: 200 },
  );
});
