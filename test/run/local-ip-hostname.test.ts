// Without -i, SIPp 3.6.1 takes [local_ip] from its host name (gethostname, then getaddrinfo).
// Observed on a host whose /etc/hosts maps its name to 127.0.0.1 and which also has a LAN
// address: `sipp -sn uas` answers with `Contact: <sip:127.0.0.1:...>`, where we used to put the
// first interface's address.
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { test } from 'node:test';
import { resolveRunAddresses } from '../../src/run/addresses.ts';

test('a UAS without -i uses the address its host name resolves to', async () => {
  const byName = await lookup(os.hostname(), { family: 4 }).catch(() => undefined);
  const a = await resolveRunAddresses({});
  // A host name that does not resolve leaves some IPv4 address of this host instead.
  if (byName === undefined) assert.match(a.localIp, /^\d+\.\d+\.\d+\.\d+$/);
  else assert.equal(a.localIp, byName.address);
  assert.equal(a.bindIp, undefined, 'still bound to every interface, as SIPp without -i');
});
