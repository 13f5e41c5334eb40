// -sf refuses what is not a regular file, and files over the size limit, before reading them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GossipperError } from '../../src/errors.ts';
import { main } from '../../src/main.ts';
import { MAX_SCENARIO_FILE_BYTES, loadScenarioFile } from '../../src/scenario/index.ts';
import { fakeIo } from '../cli/fake-io.ts';
import { GOSSIPPER_BUNDLE, requireBuiltBin } from '../peers/processes.ts';
import { loadInChild } from './load-child.ts';

/** Generous for starting node with tsx on a busy 2-core machine; the load itself takes ms. */
const CHILD_TIMEOUT_MS = 30_000;

function withTmpDir(body: (dir: string) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gossipper-sf-'));
    try {
      await body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function loadError(path: string): GossipperError {
  try {
    loadScenarioFile(path);
  } catch (err) {
    assert.ok(err instanceof GossipperError, `expected GossipperError, got ${String(err)}`);
    return err;
  }
  return assert.fail(`${path} loaded without error`);
}

test(
  'a FIFO is refused at once, without waiting for a writer',
  withTmpDir((dir) => {
    const fifo = join(dir, 'scenario.xml');
    const made = spawnSync('mkfifo', [fifo]);
    assert.equal(made.status, 0, `mkfifo failed: ${made.stderr}`);
    // In a child: a blocking open would hang this process where no test timeout can reach it.
    const load = loadInChild(fifo, CHILD_TIMEOUT_MS);
    assert.equal(load.code, 'SCENARIO_NOT_FOUND');
    assert.equal(load.message, `${fifo}: is a FIFO, not a scenario file`);
  }),
);

test('/dev/zero is refused at once, not read until memory runs out', () => {
  const load = loadInChild('/dev/zero', CHILD_TIMEOUT_MS);
  assert.equal(load.code, 'SCENARIO_NOT_FOUND');
  assert.equal(load.message, '/dev/zero: is a character device, not a scenario file');
});

test(
  'a directory is SCENARIO_NOT_FOUND naming the path, not a raw EISDIR',
  withTmpDir((dir) => {
    const err = loadError(dir);
    assert.equal(err.code, 'SCENARIO_NOT_FOUND');
    assert.equal(err.message, `${dir}: is a directory, not a scenario file`);
    assert.ok(err.hint);
  }),
);

test(
  'a file over the size limit is refused before it is read; one at the limit is read',
  withTmpDir((dir) => {
    // Sparse files: nothing written to disk.
    const over = join(dir, 'over.xml');
    writeFileSync(over, '');
    truncateSync(over, MAX_SCENARIO_FILE_BYTES + 1);
    const err = loadError(over);
    assert.equal(err.code, 'SCENARIO_TOO_LARGE');
    assert.equal(
      err.message,
      `${over}: scenario file is ${MAX_SCENARIO_FILE_BYTES + 1} bytes; the limit is 1 MiB`,
    );
    assert.ok(err.hint);

    const atLimit = join(dir, 'at-limit.xml');
    writeFileSync(atLimit, '');
    truncateSync(atLimit, MAX_SCENARIO_FILE_BYTES);
    assert.equal(
      loadError(atLimit).code,
      'SCENARIO_XML',
      'read, then rejected as XML (it is all NUL bytes)',
    );
  }),
);

test(
  'a missing path is still SCENARIO_NOT_FOUND, also below a path that is a file',
  withTmpDir((dir) => {
    const file = join(dir, 'file.xml');
    writeFileSync(file, '<scenario/>');
    for (const path of [join(dir, 'nope.xml'), join(file, 'below.xml')]) {
      const err = loadError(path);
      assert.equal(err.code, 'SCENARIO_NOT_FOUND');
      assert.equal(err.message, `${path}: scenario file not found`);
    }
  }),
);

test(
  'an unreadable file: exit 1 (SCENARIO_NOT_FOUND, as SIPp), not FILE_IO',
  withTmpDir((dir) => {
    requireBuiltBin();
    chmodSync(dir, 0o755);
    const file = join(dir, 'secret.xml');
    writeFileSync(file, '<scenario/>', { mode: 0o000 });
    // Root reads any file, so the CLI runs as nobody (65534) then; the bundle is copied next to the
    // file so that user needs no access to the checkout.
    const bundle = join(dir, 'gossipper.js');
    copyFileSync(GOSSIPPER_BUNDLE, bundle);
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const cli = spawnSync(process.execPath, [bundle, '-sf', file, '127.0.0.1'], {
      encoding: 'utf8',
      timeout: CHILD_TIMEOUT_MS,
      ...asNobody,
    });
    assert.equal(cli.status, 1, cli.stderr);
    assert.equal(
      cli.stderr.split('\n')[0],
      `gossipper: ${file}: cannot read scenario file: permission denied`,
    );
  }),
);

test(
  'a 1 M-element file through -sf: refused by the size cap before any XML is read, memory bounded',
  withTmpDir((dir) => {
    const file = join(dir, 'flat.xml');
    writeFileSync(file, `<scenario>${'<nop/>'.repeat(1_000_000)}</scenario>`, 'latin1');
    const load = loadInChild(file, CHILD_TIMEOUT_MS);
    assert.equal(load.code, 'SCENARIO_TOO_LARGE');
    assert.match(load.message, /scenario file is 6000021 bytes; the limit is 1 MiB$/);
    assert.ok(load.rssGrowthMiB < 8, `peak RSS grew ${load.rssGrowthMiB.toFixed(1)} MiB`);
  }),
);

test(
  'CLI: -sf <directory> exits 1 and stderr names the path',
  withTmpDir(async (dir) => {
    const scenarios = join(dir, 'scenarios');
    mkdirSync(scenarios);
    const io = fakeIo(dir);
    const code = await main(['-sf', scenarios, '127.0.0.1'], io);
    assert.equal(code, 1);
    assert.equal(
      io.err(),
      `gossipper: ${scenarios}: is a directory, not a scenario file\n` +
        'hint: -sf takes the path of a scenario XML file\n',
    );
  }),
);
