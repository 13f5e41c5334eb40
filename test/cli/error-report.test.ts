import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exitCodeForError, reportError } from '../../src/cli/index.ts';
import { FlagError, GossipperError, ScenarioError } from '../../src/errors.ts';
import { fakeIo } from './fake-io.ts';

test('exit codes follow SIPp: 1 before load, 254 bind, 255 fatal after start', () => {
  assert.equal(exitCodeForError(new FlagError('FLAG_VALUE', 'x')), 1);
  assert.equal(exitCodeForError(new GossipperError('SUBCOMMAND_AFTER_SIPP', 'x')), 1);
  assert.equal(exitCodeForError(new ScenarioError('x')), 1);
  assert.equal(exitCodeForError(new GossipperError('SCENARIO_NOT_FOUND', 'x')), 1);
  assert.equal(exitCodeForError(new GossipperError('BIND_FAILED', 'x')), 254);
  assert.equal(exitCodeForError(new GossipperError('RUN_FATAL', 'x')), 255);
  assert.equal(exitCodeForError(new GossipperError('REMOTE_UNRESOLVABLE', 'x')), 255);
  assert.equal(exitCodeForError(new GossipperError('SUBCOMMAND_UNAVAILABLE', 'x')), 2);
  assert.equal(exitCodeForError(new Error('bug')), 255);
});

test('reportError prints "gossipper: <message>" and the hint line on stderr', () => {
  const io = fakeIo();
  const code = reportError(
    new GossipperError('BIND_FAILED', 'cannot bind 0.0.0.0:5060: in use', 'try -p'),
    io,
  );
  assert.equal(code, 254);
  assert.equal(io.err(), 'gossipper: cannot bind 0.0.0.0:5060: in use\nhint: try -p\n');
  assert.equal(io.out(), '');
});

test('an unexpected (non-Gossipper) error is reported as internal, exit 255', () => {
  const io = fakeIo();
  assert.equal(reportError(new TypeError('boom'), io), 255);
  assert.match(io.err(), /^gossipper: internal error: boom\nhint: set GOSSIPPER_DEBUG=1/);
});
