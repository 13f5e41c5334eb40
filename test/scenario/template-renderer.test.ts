// TemplateRenderer: its scratch is its own, and a render re-entered on it fails loudly instead of
// overwriting the outer render's parts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GossipperError } from '../../src/errors.ts';
import { TemplateRenderer, compileTemplate } from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource } from './fake-source.ts';

const outer = compileTemplate(
  'OPTIONS sip:[service] SIP/2.0\nX-Inner: [$inner]\n[last_Via:]\nCSeq: [cseq]\n',
);
const inner = compileTemplate('MESSAGE sip:x SIP/2.0\nY: [call_number] [last_Via:]\n');
const last = fakeMessage('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=b1\r\n\r\n');

test('a render re-entered on the same renderer throws RUN_FATAL, and the renderer still works after', () => {
  const renderer = new TemplateRenderer();
  const reentering = fakeSource({
    lastMessage: last,
    variable: () => renderer.render(inner, fakeSource()).toString('latin1'),
  });
  assert.throws(
    () => renderer.render(outer, reentering),
    (e: unknown) =>
      e instanceof GossipperError && e.code === 'RUN_FATAL' && /re-entered/.test(e.message),
  );
  const plain = fakeSource({ lastMessage: last, variable: () => 'v' });
  assert.equal(
    renderer.render(outer, plain).toString('latin1'),
    'OPTIONS sip:service SIP/2.0\r\nX-Inner: v\r\nVia: SIP/2.0/UDP h;branch=b1\r\nCSeq: 1\r\n\r\n',
  );
});

test('renderers share no scratch: a nested render on another renderer leaves the outer one intact', () => {
  const renderer = new TemplateRenderer();
  const other = new TemplateRenderer();
  const nested = fakeSource({
    lastMessage: last,
    variable: () =>
      other
        .render(inner, fakeSource({ callNumber: 7, lastMessage: last }))
        .toString('latin1')
        .split('\r\n')[1],
  });
  assert.equal(
    renderer.render(outer, nested).toString('latin1'),
    'OPTIONS sip:service SIP/2.0\r\nX-Inner: Y: 7 Via: SIP/2.0/UDP h;branch=b1\r\nVia: SIP/2.0/UDP h;branch=b1\r\nCSeq: 1\r\n\r\n',
  );
});
