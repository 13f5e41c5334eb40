import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isParseFailure, parseSipMessage, type SipMessage } from '../../src/sip/index.ts';

/** Joins lines with CRLF; the caller adds the blank line and body. */
function wire(lines: string[], body = '', eol = '\r\n'): Buffer {
  return Buffer.from(lines.join(eol) + eol + eol + body, 'latin1');
}

function parse(buf: Buffer): SipMessage {
  const result = parseSipMessage(buf);
  if (isParseFailure(result)) assert.fail(`unexpected failure: ${result.reason}`);
  return result;
}

function failureReason(buf: Buffer): string {
  const result = parseSipMessage(buf);
  if (!isParseFailure(result)) assert.fail(`expected a failure, parsed ${result.startLine}`);
  return result.reason;
}

const INVITE_LINES = [
  'INVITE sip:bob@biloxi.example.com SIP/2.0',
  'Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds',
  'Max-Forwards: 70',
  'To: Bob <sip:bob@biloxi.example.com>',
  'From: Alice <sip:alice@atlanta.example.com>;tag=1928301774',
  'Call-ID: a84b4c76e66710@pc33.atlanta.example.com',
  'CSeq: 314159 INVITE',
  'Contact: <sip:alice@pc33.atlanta.example.com>',
  'Content-Type: application/sdp',
  'Content-Length: 4',
];

describe('parseSipMessage: requests', () => {
  it('reads the start line and the per-message fields', () => {
    const m = parse(wire(INVITE_LINES, 'v=0\r'));
    assert.equal(m.isRequest, true);
    assert.equal(m.method, 'INVITE');
    assert.equal(m.statusCode, 0);
    assert.equal(m.requestUri, 'sip:bob@biloxi.example.com');
    assert.equal(m.startLine, 'INVITE sip:bob@biloxi.example.com SIP/2.0');
    assert.equal(m.callId(), 'a84b4c76e66710@pc33.atlanta.example.com');
    assert.equal(m.cseqNumber(), 314159);
    assert.equal(m.cseqMethod(), 'INVITE');
    assert.equal(m.viaBranch(), 'z9hG4bK776asdhds');
    assert.equal(m.toTag(), '');
    assert.equal(m.fromTag(), '1928301774');
    assert.equal(m.body().toString('latin1'), 'v=0\r');
  });

  it('keeps an unknown method and an extension header', () => {
    const m = parse(
      wire(['FOO-BAR sip:x@y SIP/2.0', 'Call-ID: c', 'CSeq: 7 FOO-BAR', 'X-Custom:  hello  ']),
    );
    assert.equal(m.method, 'FOO-BAR');
    assert.equal(m.cseqMethod(), 'FOO-BAR');
    assert.equal(m.header('x-custom'), 'hello');
  });

  it('skips leading CRLFs (RFC 3261 §7.5) and keeps raw as received', () => {
    const buf = Buffer.concat([Buffer.from('\r\n\r\n'), wire(INVITE_LINES, 'v=0\r')]);
    const m = parse(buf);
    assert.equal(m.method, 'INVITE');
    assert.equal(m.raw, buf);
  });

  it('returns the same cached strings on repeated calls', () => {
    const m = parse(wire(INVITE_LINES, 'v=0\r'));
    assert.equal(m.callId(), m.callId());
    assert.equal(m.body(), m.body());
  });
});

describe('parseSipMessage: responses', () => {
  it('reads status code, CSeq method and To tag', () => {
    const m = parse(
      wire([
        'SIP/2.0 180 Ringing',
        'Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1-1-0;received=10.0.0.1',
        'To: <sip:bob@b>;tag=as1234',
        'From: <sip:alice@a>;tag=99',
        'Call-ID: 1-1@10.0.0.1',
        'CSeq: 1 INVITE',
      ]),
    );
    assert.equal(m.isRequest, false);
    assert.equal(m.statusCode, 180);
    assert.equal(m.method, '');
    assert.equal(m.requestUri, '');
    assert.equal(m.startLine, 'SIP/2.0 180 Ringing');
    assert.equal(m.cseqMethod(), 'INVITE');
    assert.equal(m.toTag(), 'as1234');
    assert.equal(m.viaBranch(), 'z9hG4bK-1-1-0');
    assert.equal(m.body().length, 0);
  });

  it('accepts an empty reason phrase and a lower-case version', () => {
    assert.equal(parse(wire(['sip/2.0 200 ', 'Call-ID: x', 'CSeq: 1 BYE'])).statusCode, 200);
    assert.equal(parse(wire(['SIP/2.0 603', 'Call-ID: x', 'CSeq: 1 BYE'])).statusCode, 603);
  });

  for (const line of [
    'SIP/2.0 99 Low',
    'SIP/2.0 700 High',
    'SIP/2.0 2000 OK',
    'SIP/2.0 20x OK',
    'SIP/3.0 200 OK',
    'INVITE sip:x SIP/2.0 extra',
    'INVITE\tsip:x SIP/2.0',
    'INVITE sip:xSIP/2.0',
    'INVITE sip:x',
    'INV(ITE sip:x SIP/2.0',
    'hello',
  ]) {
    it(`rejects start line ${JSON.stringify(line)}`, () => {
      assert.equal(failureReason(wire([line, 'Call-ID: x', 'CSeq: 1 BYE'])), 'bad start line');
    });
  }
});

describe('parseSipMessage: header names and values', () => {
  const m = parse(
    wire([
      'OPTIONS sip:x SIP/2.0',
      'i: compact-call-id',
      'cSeQ: 2 OPTIONS',
      'v: SIP/2.0/TCP h1;branch=z9hG4bKa, SIP/2.0/UDP h2;branch=z9hG4bKb',
      'VIA: SIP/2.0/UDP h3;branch=z9hG4bKc',
      't: <sip:x>;tag=t1',
      'f: "Alice" <sip:a@x>;tag=f1',
      'Subject:   first   line',
      '\t  second line  ',
      'Route: <sip:p1;lr>',
      'rOUTE: <sip:p2;lr>',
      'Empty:',
      'Late:',
      '  value on the next line',
    ]),
  );

  it('finds compact forms by long name and long forms by compact name', () => {
    assert.equal(m.callId(), 'compact-call-id');
    assert.equal(m.header('Call-ID'), 'compact-call-id');
    assert.equal(m.header('i'), 'compact-call-id');
    assert.equal(m.header('CSEQ'), '2 OPTIONS');
    assert.equal(m.header('To'), '<sip:x>;tag=t1');
    assert.equal(m.header('from'), '"Alice" <sip:a@x>;tag=f1');
    assert.equal(m.toTag(), 't1');
    assert.equal(m.fromTag(), 'f1');
  });

  it('unfolds continuation lines into one SP (RFC 3261 §7.3.1)', () => {
    assert.equal(m.header('subject'), 'first   line second line');
    assert.equal(m.header('s'), 'first   line second line');
    assert.equal(m.header('Late'), 'value on the next line');
  });

  it('returns every occurrence in order, mixing long and compact forms', () => {
    assert.deepEqual(m.headerValues('via'), [
      'SIP/2.0/TCP h1;branch=z9hG4bKa, SIP/2.0/UDP h2;branch=z9hG4bKb',
      'SIP/2.0/UDP h3;branch=z9hG4bKc',
    ]);
    assert.deepEqual(m.headerValues('Route'), ['<sip:p1;lr>', '<sip:p2;lr>']);
    assert.deepEqual(m.headerValues('Absent'), []);
  });

  it('takes the branch of the first value of a comma-joined top Via', () => {
    assert.equal(m.viaBranch(), 'z9hG4bKa');
  });

  it('distinguishes an empty header from an absent one', () => {
    assert.equal(m.header('Empty'), '');
    assert.equal(m.header('Absent'), undefined);
  });

  it('builds [last_Name:] lines with the first spelling and all values', () => {
    assert.equal(m.headerLine('route'), 'Route: <sip:p1;lr>, <sip:p2;lr>');
    assert.equal(
      m.headerLine('Via'),
      'v: SIP/2.0/TCP h1;branch=z9hG4bKa, SIP/2.0/UDP h2;branch=z9hG4bKb, SIP/2.0/UDP h3;branch=z9hG4bKc',
    );
    assert.equal(m.headerLine('Call-ID'), 'i: compact-call-id');
    assert.equal(m.headerLine('Subject'), 'Subject: first   line second line');
    assert.equal(m.headerLine('Absent'), undefined);
  });

  it('tolerates whitespace between a header name and its colon', () => {
    const spaced = parse(wire(['BYE sip:x SIP/2.0', 'Call-ID : abc', 'CSeq\t:\t5 BYE']));
    assert.equal(spaced.callId(), 'abc');
    assert.equal(spaced.cseqNumber(), 5);
    assert.equal(spaced.headerLine('call-id'), 'Call-ID: abc');
  });
});

describe('parseSipMessage: tags and branches', () => {
  function tagOf(to: string): string {
    return parse(wire(['SIP/2.0 200 OK', `To: ${to}`, 'Call-ID: x', 'CSeq: 1 INVITE'])).toTag();
  }

  it('ignores tag inside a quoted display name and inside <...> URI params', () => {
    assert.equal(tagOf('"Bob;tag=fake" <sip:bob@b;tag=uri>;tag=real'), 'real');
    assert.equal(tagOf('"a \\" ;tag=esc" <sip:b>;tag=ok'), 'ok');
    assert.equal(tagOf('<sip:bob@b;tag=uri>'), '');
  });

  it('matches the param name case-insensitively and tolerates spaces', () => {
    assert.equal(tagOf('<sip:b>;TAG=up'), 'up');
    assert.equal(tagOf('<sip:b> ; tag = spaced ;x=1'), 'spaced');
  });

  it('reads header params of an addr-spec without angle brackets (RFC 3261 §20.10)', () => {
    assert.equal(tagOf('sip:bob@b;tag=bare'), 'bare');
  });

  it('returns "" for a valueless tag and skips lookalike params', () => {
    assert.equal(tagOf('<sip:b>;tag'), '');
    assert.equal(tagOf('<sip:b>;xtag=1;tagx=2'), '');
  });

  it('returns "" when there is no Via', () => {
    assert.equal(parse(wire(['SIP/2.0 200 OK', 'Call-ID: x', 'CSeq: 1 BYE'])).viaBranch(), '');
  });

  it('does not take a branch from a later Via value', () => {
    const m = parse(
      wire([
        'SIP/2.0 200 OK',
        'Via: SIP/2.0/UDP a;rport, SIP/2.0/UDP b;branch=z9hG4bKb',
        'Call-ID: x',
        'CSeq: 1 BYE',
      ]),
    );
    assert.equal(m.viaBranch(), '');
  });
});

describe('parseSipMessage: body and Content-Length', () => {
  const lines = ['MESSAGE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: 1 MESSAGE'];

  it('cuts a longer body to Content-Length (RFC 3261 §18.3)', () => {
    const m = parse(wire([...lines, 'Content-Length: 5'], 'hello, world'));
    assert.equal(m.body().toString(), 'hello');
  });

  it('accepts the compact l form', () => {
    assert.equal(
      parse(wire([...lines, 'l: 2'], 'hello'))
        .body()
        .toString(),
      'he',
    );
  });

  it('fails on a truncated body with both lengths in the reason', () => {
    assert.equal(
      failureReason(wire([...lines, 'Content-Length: 500'], 'hello world!')),
      'truncated body (Content-Length 500, got 12)',
    );
  });

  it('takes the rest of the datagram without Content-Length', () => {
    assert.equal(parse(wire(lines, 'rest\r\nof it')).body().toString(), 'rest\r\nof it');
  });

  it('keeps NUL bytes in the body', () => {
    const buf = Buffer.concat([wire([...lines, 'Content-Length: 3']), Buffer.from([0, 1, 0])]);
    assert.deepEqual([...parse(buf).body()], [0, 1, 0]);
  });
});

describe('parseSipMessage: bare LF line ends', () => {
  it('parses a message written with LF only', () => {
    const m = parse(wire([...INVITE_LINES.slice(0, -1), 'Content-Length: 3'], 'v=0', '\n'));
    assert.equal(m.method, 'INVITE');
    assert.equal(m.callId(), 'a84b4c76e66710@pc33.atlanta.example.com');
    assert.equal(m.viaBranch(), 'z9hG4bK776asdhds');
    assert.equal(m.body().toString(), 'v=0');
  });

  it('parses mixed CRLF and LF with folding', () => {
    const buf = Buffer.from('BYE sip:x SIP/2.0\nCall-ID: a\r\n b\nCSeq: 9 BYE\r\n\n', 'latin1');
    const m = parse(buf);
    assert.equal(m.callId(), 'a b');
    assert.equal(m.cseqNumber(), 9);
  });
});

describe('parseSipMessage: required headers', () => {
  const cases: Array<[string, string[], string]> = [
    ['missing Call-ID', ['BYE sip:x SIP/2.0', 'CSeq: 1 BYE'], 'missing Call-ID'],
    ['empty Call-ID', ['BYE sip:x SIP/2.0', 'Call-ID:   ', 'CSeq: 1 BYE'], 'empty Call-ID'],
    ['missing CSeq', ['BYE sip:x SIP/2.0', 'Call-ID: x'], 'missing CSeq'],
    ['CSeq without method', ['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: 1'], 'bad CSeq'],
    ['CSeq without number', ['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: BYE'], 'bad CSeq'],
    ['CSeq negative', ['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: -1 BYE'], 'bad CSeq'],
    ['CSeq too large', ['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: 99999999999 BYE'], 'bad CSeq'],
    ['CSeq trailing junk', ['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: 1 BYE x'], 'bad CSeq'],
    ['header without colon', ['BYE sip:x SIP/2.0', 'Call-ID x', 'CSeq: 1 BYE'], 'bad header line'],
  ];
  for (const [name, lines, reason] of cases) {
    it(`fails on ${name}`, () => assert.equal(failureReason(wire(lines)), reason));
  }

  it('fails without the blank line that ends the headers', () => {
    assert.equal(
      failureReason(Buffer.from('BYE sip:x SIP/2.0\r\nCall-ID: x\r\nCSeq: 1 BYE\r\n')),
      'no end of headers',
    );
  });

  it('fails on empty input and on CRLF keep-alives', () => {
    assert.equal(failureReason(Buffer.alloc(0)), 'empty');
    assert.equal(failureReason(Buffer.from('\r\n\r\n')), 'empty');
  });

  it('accepts the largest CSeq the parser allows', () => {
    assert.equal(
      parse(wire(['BYE sip:x SIP/2.0', 'Call-ID: x', 'CSeq: 4294967295 BYE'])).cseqNumber(),
      4294967295,
    );
  });
});
