/**
 * IPv6 addresses of a run (issue 15 item 3): `-i ::1`, `[::1]` remotes and `-rsa`, one socket
 * family per run, and SIPp 3.6.1's refusal of mixed families ("Network family mismatch for local
 * and remote IP", exit 255). No sockets: only resolution.
 */
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { test } from 'node:test';
import { parseHostPort } from '../../src/cli/value-parsers.ts';
import { defaultLocalIp, resolveRunAddresses } from '../../src/run/addresses.ts';

const hp = (text: string) => parseHostPort('remote', text);

test('[::1]:5070 and [::1] remotes: IPv6 family, port given or 5060', async () => {
  assert.deepEqual(hp('[::1]'), { host: '::1', port: 5060 });
  const a = await resolveRunAddresses({ remote: hp('[::1]:5070') });
  assert.equal(a.family, 6);
  assert.deepEqual(a.remote, { host: '::1', ip: '::1', port: 5070, family: 6 });
  assert.deepEqual(a.sendTo, { address: '::1', port: 5070 });
  // SIPp 3.6.1 without -i, remote [::1]: `[local_ip]` is [::1] (observed); bound to every address.
  assert.equal(a.localIp, '::1');
  assert.equal(a.bindIp, undefined);
});

test('-i ::1: the local IP and the bind address, family 6 even without a remote (a UAS)', async () => {
  const uas = await resolveRunAddresses({ localIp: '::1' });
  assert.deepEqual(
    { family: uas.family, localIp: uas.localIp, bindIp: uas.bindIp },
    { family: 6, localIp: '::1', bindIp: '::1' },
  );
  const uac = await resolveRunAddresses({ localIp: '::1', remote: hp('[::1]:5060') });
  assert.deepEqual([uac.family, uac.localIp, uac.bindIp], [6, '::1', '::1']);
});

test('-rsa [::1]:port: where calls go, while the keywords keep the remote host', async () => {
  const a = await resolveRunAddresses({
    remote: hp('[::1]:5070'),
    remoteSendAddress: hp('[::1]:6000'),
  });
  assert.deepEqual(a.sendTo, { address: '::1', port: 6000 });
  assert.equal(a.remote?.port, 5070);
  const only = await resolveRunAddresses({ remoteSendAddress: hp('[::1]:6000') });
  assert.equal(only.family, 6);
});

test('mixed families end the run with SIPp words, both ways', async () => {
  await assert.rejects(resolveRunAddresses({ localIp: '::1', remote: hp('127.0.0.1:5060') }), {
    code: 'LOCAL_IP_INVALID',
    message:
      'Network family mismatch for local and remote IP: -i ::1 is IPv6 but the remote ' +
      '127.0.0.1 is IPv4',
  });
  await assert.rejects(resolveRunAddresses({ localIp: '127.0.0.1', remote: hp('[::1]:5060') }), {
    code: 'LOCAL_IP_INVALID',
    message:
      /^Network family mismatch for local and remote IP: -i 127\.0\.0\.1 is IPv4 but the remote ::1 is IPv6$/,
  });
  await assert.rejects(
    resolveRunAddresses({ remote: hp('127.0.0.1:5060'), remoteSendAddress: hp('[::1]:5060') }),
    { code: 'LOCAL_IP_INVALID', message: /-rsa ::1 is IPv6 but the remote 127\.0\.0\.1 is IPv4/ },
  );
});

test('localhost: the address of -i family when the name has one, else a clear mismatch', async () => {
  const v4 = await resolveRunAddresses({ remote: hp('localhost:5060'), localIp: '127.0.0.1' });
  assert.deepEqual([v4.family, v4.remote?.ip, v4.remote?.host], [4, '127.0.0.1', 'localhost']);
  const hasV6 = (await lookup('localhost', { all: true })).some((a) => a.family === 6);
  const v6 = resolveRunAddresses({ remote: hp('localhost:5060'), localIp: '::1' });
  if (hasV6) assert.equal((await v6).remote?.ip, '::1');
  else await assert.rejects(v6, { message: /-i ::1 is IPv6 but the remote 127\.0\.0\.1 is IPv4/ });
});

test('without -i, a loopback remote gives a loopback [local_ip] of its family', () => {
  assert.equal(defaultLocalIp(6, '::1'), '::1');
  assert.equal(defaultLocalIp(4, '127.0.0.1'), '127.0.0.1');
});
