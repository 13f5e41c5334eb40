// Property: any compiled template renders without throwing, and [len] equals the real body size.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileTemplate, renderTemplate } from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource } from './fake-source.ts';

const KEYWORDS = [
  '[cseq]',
  '[cseq+1]',
  '[call_id]',
  '[branch-1]',
  '[$v]',
  '[$w]',
  '[last_Via:]',
  '[last_X-Missing:]',
  '[routes]',
  '[peer_tag_param]',
  '[last_message]',
  '[next_url]',
  '[local_ip]',
  '[remote_ip]',
  '[last_Request_URI]',
  '\\x5b',
];

/** Template text without `[` or `\` except the keywords we insert. */
const plain = fc.string({
  unit: fc.constantFrom(...'abcXYZ:;= <>@.-_\t \n'.split('')),
  maxLength: 40,
});
const chunk = fc.oneof(plain, fc.constantFrom(...KEYWORDS));
const section = fc.array(chunk, { maxLength: 8 }).map((parts) => parts.join(''));

/** Any byte string a variable or route set could hold, CR/LF included. */
const value = fc.string({ unit: fc.constantFrom(...'ab \r\n\t;:x'.split('')), maxLength: 20 });

test('rendering never throws and [len] always equals the body length', () => {
  fc.assert(
    fc.property(
      section,
      fc.boolean(),
      section,
      fc.integer({ min: 0, max: 9 }),
      value,
      value,
      value,
      (headers, hasBody, body, offset, v, w, routes) => {
        const cdata = `MESSAGE sip:x SIP/2.0\nL: [len${offset ? `+${offset}` : ''}]\n${headers}${hasBody ? `\n\n${body}` : ''}`;
        const template = compileTemplate(cdata);
        const last = fakeMessage(
          'INVITE sip:a SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nTo: <sip:b@h>\r\n\r\n',
        );
        const vars: Record<string, string> = { v, w };
        const out = renderTemplate(
          template,
          fakeSource({ routes, lastMessage: last, variable: (n) => vars[n] ?? '' }),
        );
        const head = 'MESSAGE sip:x SIP/2.0\r\nL: ';
        assert.equal(out.toString('latin1', 0, head.length), head);
        const declared = Number(out.toString('latin1', head.length, head.length + 5).trim());
        const split = out.indexOf('\r\n\r\n');
        const bodyLength = split === -1 ? 0 : out.length - split - 4;
        assert.equal(declared, bodyLength > 0 ? bodyLength + offset : 0);
      },
    ),
    { numRuns: 500 },
  );
});

test('rendering is deterministic for the same source (no state kept between renders)', () => {
  fc.assert(
    fc.property(section, value, (headers, v) => {
      const template = compileTemplate(
        `INFO sip:x SIP/2.0\n${headers}\nContent-Length: [len]\n\nbody [$v]\n`,
      );
      const src = fakeSource({ variable: () => v });
      assert.ok(renderTemplate(template, src).equals(renderTemplate(template, src)));
    }),
    { numRuns: 200 },
  );
});
