/** Entry of the ESM bundle dist/gossipper.js (run directly, or by the launcher). */
import { runProcess } from './process-main.ts';

await runProcess();
