/** npm bin entry (bundled to dist/gossipper.js): the only place that ends the process. */
import { main } from './main.ts';
import { processIo } from './io.ts';
import { restoreExtraCaCerts } from './extra-ca-certs.ts';

restoreExtraCaCerts(process.env);

function flushed(stream: NodeJS.WriteStream): Promise<void> {
  // An empty write's callback runs once everything queued before it has been handed to the
  // OS, so piped output is not cut off by the exit below.
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

// `gossipper sipp -h | head` closes the pipe early; that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
}

const code = await main(process.argv.slice(2), processIo());
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
