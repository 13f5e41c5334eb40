/**
 * A 32-bit seed from the operating system's entropy, read when a run starts without `-seed`.
 * The Web Crypto global is looked up at call time, never at load time, so the start-up snapshot
 * (src/snapshot-entry.ts) cannot freeze one seed into every run.
 */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}
