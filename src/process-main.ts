/**
 * What the process does around main(): the one place that ends it. Shared by the two ways the
 * bin starts, the ESM bundle (src/bin.ts) and the V8 start-up snapshot (src/snapshot-entry.ts).
 */
import { main } from './main.ts';
import { processIo } from './io.ts';
import { restoreExtraCaCerts } from './extra-ca-certs.ts';

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  // An empty write's callback runs once everything queued before it has been handed to the
  // OS, so piped output is not cut off by the exit below.
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

export async function runProcess(): Promise<never> {
  restoreExtraCaCerts(process.env);
  // `gossipper sipp -h | head` closes the pipe early; that is not an error worth a stack trace.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  const code = await main(process.argv.slice(2), processIo());
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}
