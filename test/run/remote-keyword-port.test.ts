// [remote_port] in a run without a remote host: SIPp 3.6.1 renders 5060 (seen with -trace_msg,
// with and without -rsa), not 0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remoteKeywordPort } from '../../src/run/index.ts';

test('[remote_port]: 5060 without a remote host, else the remote port', () => {
  assert.equal(remoteKeywordPort(undefined), 5060);
  assert.equal(remoteKeywordPort({ host: 'h', ip: '127.0.0.1', port: 15999, family: 4 }), 15999);
});
