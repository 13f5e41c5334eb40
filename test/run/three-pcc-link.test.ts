// A run's 3PCC set-up from its flags and scenario: the -slave_cfg file, and the errors for a
// scenario that needs a twin it was not given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultRunConfig } from '../../src/config/index.ts';
import type { RunConfig, ThreePccConfig } from '../../src/config/index.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { loadBuiltinScenario } from '../../src/scenario/builtins/index.ts';
import { openThreePccLink, parseSlaveCfg } from '../../src/run/three-pcc-link.ts';
import { assertShardable } from '../../src/shard/index.ts';

const EVENTS = { onCommand: () => undefined, onClosed: () => undefined };

function config(threePcc?: ThreePccConfig): RunConfig {
  return { ...defaultRunConfig(), threePcc };
}

function cfgFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'gossipper-3pcc-')), 'peers.cfg');
  writeFileSync(file, text);
  return file;
}

test('-slave_cfg: name;host:port per line, blank lines skipped, bad lines named', () => {
  assert.deepEqual(
    parseSlaveCfg('m;127.0.0.1:6000\r\n\ns1;[::1]:6001\n', 'p.cfg'),
    new Map([
      ['m', { address: '127.0.0.1', port: 6000 }],
      ['s1', { address: '::1', port: 6001 }],
    ]),
  );
  assert.throws(
    () => parseSlaveCfg('m;127.0.0.1:6000\ns1 127.0.0.1\n', 'p.cfg'),
    /^GossipperError: p\.cfg:2: "s1 127\.0\.0\.1" is not a name;host:port line$/,
  );
});

test('no twin commands: no link, whatever the flags', async () => {
  const link = await openThreePccLink(
    config({ twin: { host: '127.0.0.1', port: 1 } }),
    loadBuiltinScenario('uac'),
    EVENTS,
  );
  assert.equal(link, null);
});

test('a 3PCC scenario without -3pcc (or -master/-slave) is refused before any traffic', async () => {
  await assert.rejects(
    openThreePccLink(config(), loadBuiltinScenario('3pcc-C-A'), EVENTS),
    (err: Error & { code?: string }) =>
      err.code === 'CONFIG_INVALID' &&
      err.message === 'scenario "3pcc-C-A" uses sendCmd/recvCmd but no 3PCC twin was given',
  );
});

test('extended mode errors: both roles, no -slave_cfg, a name missing, dest= missing', async () => {
  const file = cfgFile('m;127.0.0.1:1\n');
  const master = loadScenarioXml(
    `<scenario>\n  <sendCmd dest="s1"><![CDATA[Call-ID: [call_id]]]></sendCmd>\n</scenario>`,
    'm.xml',
  );
  await assert.rejects(
    openThreePccLink(config({ master: 'm', slave: 's1', slaveCfg: file }), master, EVENTS),
    /-master and -slave exclude each other/,
  );
  await assert.rejects(
    openThreePccLink(config({ master: 'm' }), master, EVENTS),
    /need -slave_cfg/,
  );
  await assert.rejects(
    openThreePccLink(config({ master: 'm', slaveCfg: file }), master, EVENTS),
    /"s1" has no line in /,
  );
  const noDest = loadScenarioXml(
    `<scenario>\n  <sendCmd><![CDATA[Call-ID: [call_id]]]></sendCmd>\n</scenario>`,
    'n.xml',
  );
  await assert.rejects(
    openThreePccLink(config({ master: 'm', slaveCfg: file }), noDest, EVENTS),
    /^GossipperError: n\.xml:2:3 <sendCmd>: extended 3PCC mode needs dest=$/,
  );
});

test('-threads above 1 is refused for a 3PCC scenario (one twin connection per run)', () => {
  assert.throws(
    () => assertShardable({ ...config(), threads: 2 }, loadBuiltinScenario('3pcc-C-A')),
    /-threads 2 with a 3PCC scenario/,
  );
  assertShardable({ ...config(), threads: 1 }, loadBuiltinScenario('3pcc-C-A'));
});
