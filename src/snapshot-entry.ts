/**
 * Entry of the V8 start-up snapshot, dist/gossipper.blob (scripts/build-snapshot.mjs). Building
 * it evaluates the whole bundle once, so a start from the blob skips reading, compiling and
 * initialising the bundle's modules: about 0.06 CPU-s less per run, which on a 10 s load test is
 * several percent of all the CPU the generator uses.
 *
 * Nothing here may read the environment, the clock or the command line at load time: that
 * would be frozen into the blob. This bundle is CommonJS, where `import.meta` does not exist;
 * the build maps `import.meta.url` to the global set below, from the path the launcher passes
 * as argv[1] (dist/gossipper.js), so files are still found next to the bundle.
 */
import { startupSnapshot } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { runProcess } from './process-main.ts';

declare global {
  var __gossipperModuleUrl: string | undefined;
}

startupSnapshot.setDeserializeMainFunction(() => {
  globalThis.__gossipperModuleUrl = pathToFileURL(process.argv[1] ?? '').href;
  void runProcess();
});
