// dist/gossipper starts Node from the V8 start-up snapshot when the blob was built by this node,
// and falls back to the ESM bundle otherwise (scripts/build-snapshot.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  GOSSIPPER_BIN,
  REPO,
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startPeer,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const DIST = path.join(REPO, 'dist');

/** The command line Node was exec'd with (the launcher execs, so the PID is the spawned one). */
async function cmdlineOfServer(bin: string, env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  const port = await freeUdpPort();
  const uas: Peer = startPeer('/usr/bin/env', [
    ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    bin,
    '-sn',
    'uas',
    '-p',
    String(port),
    '-m',
    '1',
    '-nostdin',
  ]);
  try {
    await waitForUdpListener(port, uas);
    // env execs the launcher, which execs node: the PID stays the same all the way.
    return readFileSync(`/proc/${uas.child.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${describeRun(uas)}`);
  } finally {
    killRunning([uas]);
  }
}

/** A copy of dist/ whose launcher can be given a missing or foreign blob. */
function distCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-dist-'));
  for (const f of [
    'gossipper',
    'gossipper.js',
    'shard-worker.js',
    'gossipper.blob',
    'gossipper.blob.key',
  ]) {
    copyFileSync(path.join(DIST, f), path.join(dir, f));
  }
  return dir;
}

test(
  'the launcher starts from the snapshot, with the V8 flags it was built under',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    requireBuiltBin();
    const argv = await cmdlineOfServer(GOSSIPPER_BIN);
    assert.ok(argv.includes('--snapshot-blob'), argv.join(' '));
    assert.equal(argv[argv.indexOf('--snapshot-blob') + 1], path.join(DIST, 'gossipper.blob'));
    assert.ok(argv.includes('--max-semi-space-size=4'), argv.join(' '));
    assert.ok(argv.includes('--no-concurrent-recompilation'), argv.join(' '));
    // argv[1] of the script is the bundle's path: files next to it (addon, shard worker) are found
    // from it.
    assert.ok(argv.includes(path.join(DIST, 'gossipper.js')), argv.join(' '));
  },
);

test(
  'GOSSIPPER_SNAPSHOT=off, a foreign key or a missing blob: the launcher runs the bundle',
  { skip: process.platform !== 'linux' && 'needs /proc' },
  async () => {
    requireBuiltBin();
    const off = await cmdlineOfServer(GOSSIPPER_BIN, { GOSSIPPER_SNAPSHOT: 'off' });
    assert.ok(!off.includes('--snapshot-blob'), off.join(' '));
    assert.ok(off.includes(path.join(DIST, 'gossipper.js')), off.join(' '));

    const dir = distCopy();
    try {
      // A blob made by another node would make Node refuse to start; the key must catch it first.
      writeFileSync(path.join(dir, 'gossipper.blob.key'), '1 2\n');
      const foreign = await cmdlineOfServer(path.join(dir, 'gossipper'));
      assert.ok(!foreign.includes('--snapshot-blob'), foreign.join(' '));
      rmSync(path.join(dir, 'gossipper.blob'));
      copyFileSync(path.join(DIST, 'gossipper.blob.key'), path.join(dir, 'gossipper.blob.key'));
      const missing = spawnSync(path.join(dir, 'gossipper'), ['-v'], { encoding: 'utf8' });
      assert.equal(missing.status, 99, missing.stderr);
      assert.match(missing.stdout, /Gossipper v/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

test('snapshot and bundle print the same help, version and errors', () => {
  requireBuiltBin();
  for (const args of [
    ['sipp', '-h'],
    ['-v'],
    ['-sn', 'uac', '-no_such_flag'],
    ['-sf', '/nonexistent/scenario.xml', '127.0.0.1'],
  ]) {
    const fromBlob = spawnSync(GOSSIPPER_BIN, args, { encoding: 'utf8' });
    const fromBundle = spawnSync(GOSSIPPER_BIN, args, {
      encoding: 'utf8',
      env: { ...process.env, GOSSIPPER_SNAPSHOT: 'off' },
    });
    assert.equal(fromBlob.status, fromBundle.status, args.join(' '));
    assert.equal(fromBlob.stdout, fromBundle.stdout, args.join(' '));
    assert.equal(fromBlob.stderr, fromBundle.stderr, args.join(' '));
    assert.ok(
      fromBlob.stdout.length + fromBlob.stderr.length > 0,
      `${args.join(' ')} printed nothing`,
    );
  }
});
