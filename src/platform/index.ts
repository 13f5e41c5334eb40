export { nowMs } from './now-ms.ts';
export { runSoon } from './run-soon.ts';
export { randomSeed } from './random-seed.ts';
