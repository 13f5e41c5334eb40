import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  loadBuiltinScenario,
  loadScenarioXml,
  renderTemplate,
  specializeTemplate,
} from '../../src/scenario/index.ts';
import type { KeywordSlot, SendCommand } from '../../src/scenario/index.ts';
import { fakeMessage, fakeSource, fixture } from './fake-source.ts';

const RUN_CONSTANT = new Set([
  'service',
  'remote_ip',
  'remote_port',
  'local_ip',
  'local_ip_type',
  'local_port',
  'transport',
  'media_ip',
  'media_ip_type',
  'media_port',
  'pid',
  'sipp_version',
]);
const isConstant = (slot: KeywordSlot): boolean => RUN_CONSTANT.has(slot.name);

function sends(name: string): SendCommand[] {
  return loadBuiltinScenario(name).commands.filter((c): c is SendCommand => c.kind === 'send');
}

test('the built-in INVITE folds to a handful of live slots and a fixed Content-Length', () => {
  const invite = sends('uac')[0].template;
  const special = specializeTemplate(invite, fakeSource(), isConstant);
  const live = special.parts.filter((p) => !(p instanceof Uint8Array)) as KeywordSlot[];
  assert.deepEqual(live.map((s) => s.name).sort(), ['branch', 'call_id', 'call_number']);
  assert.ok(!live.some((s) => s.isLen), '[len] is folded because the SDP body is all constant');
  assert.deepEqual(renderTemplate(special, fakeSource()), renderTemplate(invite, fakeSource()));
});

test('property: a specialized template renders the same bytes for any call of the run', () => {
  const lastInvite = fakeMessage(fixture('sipp-uac-invite.sip'));
  for (const name of ['uac', 'uas']) {
    for (const cmd of sends(name)) {
      const special = specializeTemplate(cmd.template, fakeSource(), isConstant);
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 10_000_000 }),
          fc.integer({ min: 0, max: 100_000 }),
          fc.string({ maxLength: 20 }),
          (callNumber, cseq, tag) => {
            const src = fakeSource({
              callNumber,
              cseq,
              peerTag: tag.replace(/[^\x20-\x7e]/g, ''),
              callId: `${callNumber}-1@x`,
              lastMessage: lastInvite,
              msgIndex: cmd.index,
            });
            assert.deepEqual(renderTemplate(special, src), renderTemplate(cmd.template, src));
          },
        ),
        { numRuns: 50 },
      );
    }
  }
});

test('a body with a per-call keyword keeps [len] live and still renders identically', () => {
  const xml = `<scenario><send><![CDATA[
    MESSAGE sip:[service]@[remote_ip] SIP/2.0
    Call-ID: [call_id]
    CSeq: [cseq] MESSAGE
    Content-Length: [len]

    call [call_number] from [local_ip]
  ]]></send></scenario>`;
  const cmd = loadScenarioXml(xml, 'm.xml').commands[0] as SendCommand;
  const special = specializeTemplate(cmd.template, fakeSource(), isConstant);
  assert.ok(special.parts.some((p) => !(p instanceof Uint8Array) && p.isLen));
  for (const n of [1, 99, 123456]) {
    const src = fakeSource({ callNumber: n, callId: `${n}-x` });
    assert.deepEqual(renderTemplate(special, src), renderTemplate(cmd.template, src));
  }
});
