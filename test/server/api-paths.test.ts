// Files named over the API stay in the server's directory (issue 17): a POST /api/v1/clients
// body that names a file outside it (by `..`, an absolute path, a path flag in extra_args, or a
// symbolic link leading out) is refused with 400 before anything is read or written; a path
// inside is taken, unless it is a scenario holding <exec command>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamicClients, EngineRegistry } from '../../src/server/index.ts';
import { ApiError } from '../../src/server/api-error.ts';
import { assertMediaInside, isInside } from '../../src/server/api-paths.ts';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import { answering, call, startFixture, xmlInit } from './api-fixture.ts';
import { fakeIo } from '../cli/fake-io.ts';

function sandbox(): { base: string; outside: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'gossipper-api-paths-'));
  const base = path.join(root, 'server');
  const outside = path.join(root, 'elsewhere');
  mkdirSync(base);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.csv'), 'SEQUENTIAL\nroot;hunter2\n');
  symlinkSync(outside, path.join(base, 'link-out'));
  return { base, outside };
}

test('isInside: below the directory, after `..` and symbolic links', () => {
  const { base, outside } = sandbox();
  assert.equal(isInside(base, 'a.csv'), true);
  assert.equal(isInside(base, 'new/dir/not/yet/there.json'), true);
  assert.equal(isInside(base, '..foo.json'), true, 'a name starting with two dots');
  assert.equal(isInside(base, path.join(base, 'x.xml')), true);
  assert.equal(isInside(base, '.'), true);
  assert.equal(isInside(base, '..'), false);
  assert.equal(isInside(base, '../elsewhere/secret.csv'), false);
  assert.equal(isInside(base, 'sub/../../elsewhere/x'), false);
  assert.equal(isInside(base, path.join(outside, 'secret.csv')), false);
  assert.equal(isInside(base, '/etc/passwd'), false);
  assert.equal(isInside(base, 'link-out/secret.csv'), false, 'a link leading out');
  assert.equal(isInside(base, 'link-out/new.json'), false, 'a new file behind a link');
});

const CLIENT = { scenario_name: 'uac', remote_addr: '127.0.0.1:9', rate: 0, local_ip: '127.0.0.1' };

test('POST /clients: a file outside the server directory is refused, nothing written', async () => {
  const { base, outside } = sandbox();
  const registry = new EngineRegistry();
  const clients = new DynamicClients({ registry, io: fakeIo(base), log: () => {} });
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ injection_file: '../elsewhere/secret.csv' }, /-inf .*secret\.csv is outside/],
    [{ scenario_name: undefined, scenario_file: '../elsewhere/uac.xml' }, /-sf /],
    [{ injection_file: path.join(outside, 'secret.csv') }, /-inf /],
    [{ summary_json: path.join(outside, 'summary.json') }, /-summary_json /],
    [{ summary_html: '../elsewhere/report.html' }, /-summary_html /],
    [{ call_records_jsonl: 'link-out/records.jsonl' }, /-call_records_jsonl /],
    [{ record_wav_dir: '/' }, /-record_wav_dir \/ is outside/],
    [{ extra_args: ['-trace_msg', '-message_file', `${outside}/m.log`] }, /-message_file /],
    [{ extra_args: ['-trace_err', '-error_file', '../elsewhere/e.log'] }, /-error_file /],
    [{ extra_args: ['-inf', '/etc/passwd'] }, /-inf \/etc\/passwd/],
    [{ extra_args: ['-trace_stat', '-stf', '../elsewhere/s.csv'] }, /-stf /],
  ];
  for (const [extra, pattern] of cases) {
    const err = await clients.start({ ...CLIENT, ...extra }, undefined).then(
      () => assert.fail(`accepted ${JSON.stringify(extra)}`),
      (e: unknown) => e,
    );
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.status, 400, JSON.stringify(extra));
    assert.match(err.message, pattern, JSON.stringify(extra));
    assert.match(err.message, /outside the server's directory/);
  }
  assert.equal(registry.size, 0);
  for (const name of ['summary.json', 'report.html', 'records.jsonl', 'm.log', 'e.log', 's.csv'])
    assert.equal(existsSync(path.join(outside, name)), false, name);
});

test('POST /clients: files inside the server directory are taken', async () => {
  const { base } = sandbox();
  writeFileSync(path.join(base, 'users.csv'), 'SEQUENTIAL\nalice\n');
  // The engine writes its summary there when it ends.
  mkdirSync(path.join(base, 'out'));
  const registry = new EngineRegistry();
  const clients = new DynamicClients({ registry, io: fakeIo(base), log: () => {} });
  try {
    const id = await clients.start(
      { ...CLIENT, injection_file: 'users.csv', summary_json: 'out/summary.json' },
      'inside',
    );
    assert.equal(id, 'inside');
    assert.equal(registry.get('inside')?.config.results.summaryJson, `${base}/out/summary.json`);
  } finally {
    clients.stopAll(true);
    await clients.allFinished();
  }
});

test('POST /clients: a scenario file holding <exec command> is refused, even inside', async () => {
  const { base } = sandbox();
  // Text around the root is tolerated (as sipp does), so a trace or error file that quotes a
  // peer's message could hold such a scenario.
  writeFileSync(
    path.join(base, 'quoted.log'),
    "2026-12-07 12:00:00: Discarding malformed message: '" +
      '<scenario name="x"><send><![CDATA[\nOPTIONS sip:x@[remote_ip] SIP/2.0\n' +
      'Content-Length: 0\n\n]]></send><nop><action><exec command="touch pwned"/></action></nop>' +
      "</scenario>' (300 bytes)\n",
  );
  const registry = new EngineRegistry();
  const clients = new DynamicClients({ registry, io: fakeIo(base), log: () => {} });
  const body = { ...CLIENT, scenario_name: undefined, scenario_file: 'quoted.log' };
  const err = await clients.start(body, undefined).then(
    () => assert.fail('started'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ApiError, String(err));
  assert.equal(err.status, 400);
  assert.match(err.message, /quoted\.log:\d+:\d+ <exec command>: shell commands are refused/);
  assert.equal(registry.size, 0);
  assert.equal(existsSync(path.join(base, 'pwned')), false);
});

/** An OPTIONS answerer whose receive runs `exec`: a media action naming a file. */
function answeringWithMedia(exec: string): string {
  return answering('M').replace(
    '<recv request="OPTIONS"/>',
    `<recv request="OPTIONS"><action><exec ${exec}/></action></recv>`,
  );
}

test('PUT /scenario: media files outside the server directory, or named by keyword, refused', async () => {
  const f = await startFixture();
  try {
    const cases: Array<[string, RegExp]> = [
      ['rtp_stream="/etc/passwd,1,8"', /<exec rtp_stream="\/etc\/passwd">: the file is outside/],
      [
        'play_pcap_audio="../../../etc/hosts.pcap"',
        /play_pcap_audio=.*outside the server's directory/,
      ],
      ['play_pcap_video="[field0]"', /named through a keyword is refused/],
    ];
    for (const [exec, pattern] of cases) {
      const r = await call(`${f.base}/scenario`, xmlInit('PUT', answeringWithMedia(exec)));
      assert.equal(r.status, 400, exec);
      assert.match(String(r.body.error), pattern, exec);
    }
    // The file on disk is unchanged: the check comes before the write.
    assert.equal(readFileSync(f.scenarioPath, 'latin1'), answering('A'));
  } finally {
    await f.close();
  }
});

test('assertMediaInside: a literal file under the directory or the scenario folder is taken', () => {
  const { base, outside } = sandbox();
  const load = (exec: string) =>
    loadScenarioXml(answeringWithMedia(exec), 'm.xml', {
      userKeywords: new Set(),
      globalNames: new Set(),
    });
  assertMediaInside(load('rtp_stream="audio/hello.wav,1,8"'), base, undefined);
  assertMediaInside(load('play_pcap_audio="g711a.pcap"'), base, outside);
  assertMediaInside(load(`play_pcap_audio="${outside}/g711a.pcap"`), base, outside);
  assertMediaInside(load('rtp_stream="synthetic,1,8"'), base, undefined);
  assertMediaInside(load('rtp_stream="pause"'), base, undefined);
  assert.throws(
    () => assertMediaInside(load(`play_pcap_audio="${outside}/g711a.pcap"`), base, undefined),
    /outside the server's directory/,
  );
});
