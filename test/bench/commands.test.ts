import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  openUasCommand,
  supportsTransport,
  uacCommand,
  uasCommand,
  type Binaries,
} from '../../bench/commands.ts';

const BIN: Binaries = { gossipperBin: '/repo/dist/gossipper', sipp: 'sipp' };

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

test('both UACs get the same SIPp flags; SIPp also gets the large socket buffer', () => {
  const load = { calls: 20000, rate: 2000, transport: 'u1' as const, callMs: 10000, limit: 20000 };
  const ours = uacCommand('gossipper', BIN, load, 5061, 5060);
  const sipp = uacCommand('sipp', BIN, load, 5061, 5060, ['-trace_rtt']);
  assert.equal(ours.command, '/repo/dist/gossipper');
  assert.equal(
    ours.args[0],
    '-sn',
    'the bin runs itself: no node in front, its shebang carries the V8 flags',
  );
  assert.equal(sipp.command, 'sipp');
  for (const c of [ours, sipp]) {
    assert.equal(flag(c.args, '-sn'), 'uac');
    assert.ok(c.args.includes('127.0.0.1:5060'));
    assert.equal(flag(c.args, '-m'), '20000');
    assert.equal(flag(c.args, '-r'), '2000');
    assert.equal(flag(c.args, '-d'), '10000');
    assert.equal(flag(c.args, '-l'), '20000');
    assert.equal(flag(c.args, '-p'), '5061');
    assert.equal(flag(c.args, '-i'), '127.0.0.1');
    assert.equal(flag(c.args, '-t'), 'u1');
    assert.ok(c.args.includes('-nostdin'));
  }
  assert.equal(flag(sipp.args, '-buff_size'), '4194304');
  assert.equal(flag(ours.args, '-buff_size'), undefined);
  assert.equal(sipp.args[sipp.args.length - 1], '-trace_rtt');
});

test('UAS: -sn uas with -m so it ends by itself; no peer address', () => {
  const c = uasCommand('sipp', BIN, { calls: 100, rate: 10, transport: 't1' }, 7000);
  assert.equal(flag(c.args, '-sn'), 'uas');
  assert.equal(flag(c.args, '-m'), '100');
  assert.equal(flag(c.args, '-t'), 't1');
  assert.ok(!c.args.some((a) => a.includes(':')));
});

test('open UAS: no -m, so a flood of new Call-IDs cannot end it; the same flags otherwise', () => {
  const ours = openUasCommand('gossipper', BIN, 't1', 7000);
  const sipp = openUasCommand('sipp', BIN, 't1', 7000);
  for (const c of [ours, sipp]) {
    assert.equal(flag(c.args, '-sn'), 'uas');
    assert.equal(flag(c.args, '-m'), undefined);
    assert.equal(flag(c.args, '-p'), '7000');
    assert.equal(flag(c.args, '-t'), 't1');
  }
  assert.equal(flag(sipp.args, '-buff_size'), '4194304');
});

test('both implementations run UDP and TCP', () => {
  assert.equal(supportsTransport('gossipper', 'u1'), true);
  assert.equal(supportsTransport('gossipper', 't1'), true);
  assert.equal(supportsTransport('sipp', 't1'), true);
});
