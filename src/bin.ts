/** Entry of the ESM bundle, dist/gossipper.js (run directly, or by dist/gossipper without a snapshot). */
import { runProcess } from './process-main.ts';

await runProcess();
