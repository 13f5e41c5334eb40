// Replaced at bundle time by scripts/build.mjs; under tsx (tests) the fallbacks apply.
declare const __GOSSIPPER_VERSION__: string | undefined;
declare const __GOSSIPPER_COMMIT__: string | undefined;
declare const __GOSSIPPER_BUILT__: string | undefined;

export const VERSION =
  typeof __GOSSIPPER_VERSION__ === 'string' ? __GOSSIPPER_VERSION__ : '0.1.0-dev';
export const COMMIT = typeof __GOSSIPPER_COMMIT__ === 'string' ? __GOSSIPPER_COMMIT__ : 'dev';
export const BUILT = typeof __GOSSIPPER_BUILT__ === 'string' ? __GOSSIPPER_BUILT__ : 'unbundled';
/** What `[sipp_version]` expands to: the SIPp release whose behaviour we reproduce. */
export const SIPP_COMPAT_VERSION = '3.6.1';
