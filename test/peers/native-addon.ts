/**
 * Tests of the batched UDP addon: it must be built under CI (npm ci compiles it), and without it
 * a local run skips them with a loud reason, as interop tests do without SIPp.
 */
import { udpBatchAddon } from '../../src/transport/index.ts';

/** `skip` option for node:test: false with the addon, a reason without it (throws under CI). */
export function batchedAddonRequirement(what: string): string | false {
  if (udpBatchAddon() !== null) return false;
  if (process.env.CI === 'true')
    throw new Error(
      'the batched UDP addon must be built in CI (npm ci runs scripts/build-native.mjs)',
    );
  const why = `batched UDP addon not built: ${what} NOT RUN (node scripts/build-native.mjs)`;
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}
