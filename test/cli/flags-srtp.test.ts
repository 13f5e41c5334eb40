import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { FlagError } from '../../src/errors.ts';

function policyOf(args: string[]): string {
  const got = parseScenarioFlags(['-sn', 'uac', '127.0.0.1', ...args], '/');
  assert.equal(got.kind, 'run');
  return got.kind === 'run' ? got.config.rtp.srtpPolicy : '';
}

test('-media_srtp and -media_reject_srtp set the SRTP policy; without them a call asks', () => {
  assert.equal(policyOf([]), 'ask');
  assert.equal(policyOf(['-media_srtp']), 'use');
  assert.equal(policyOf(['-media_reject_srtp']), 'reject');
});

test('-media_srtp with -media_reject_srtp is a flag error, in either order', () => {
  for (const args of [
    ['-media_srtp', '-media_reject_srtp'],
    ['-media_reject_srtp', '-media_srtp'],
  ]) {
    assert.throws(
      () => policyOf(args),
      (err: unknown) =>
        err instanceof FlagError &&
        err.code === 'FLAG_VALUE' &&
        /-media_srtp and -media_reject_srtp cannot be used together/.test(err.message),
    );
  }
});
