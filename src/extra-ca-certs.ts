/**
 * NODE_EXTRA_CA_CERTS, deferred. Node 20 parses that file, and with it every bundled root
 * certificate, into OpenSSL before any JavaScript runs: about 0.07 CPU-s on each start, more
 * than the rest of Node's start-up, paid even by runs that never open a TLS connection. The
 * launcher and the bundle's shebang (scripts/build-snapshot.mjs, scripts/build.mjs) therefore
 * start Node without it and pass its value on as GOSSIPPER_EXTRA_CA_CERTS; this puts it back, so
 * the environment children inherit is the user's. Node has not loaded those certificates, so
 * TLS code in this process must add the file named by NODE_EXTRA_CA_CERTS to its `ca` list.
 */
export const DEFERRED_EXTRA_CA_CERTS = 'GOSSIPPER_EXTRA_CA_CERTS';

export function restoreExtraCaCerts(env: NodeJS.ProcessEnv): void {
  const deferred = env[DEFERRED_EXTRA_CA_CERTS];
  if (deferred === undefined) return;
  delete env[DEFERRED_EXTRA_CA_CERTS];
  // The launcher sets it even when the user had none; empty means "none".
  if (deferred !== '') env.NODE_EXTRA_CA_CERTS = deferred;
}
