// Builds the V8 start-up snapshot (dist/gossipper.blob) and the launcher (dist/gossipper) that
// starts from it. A blob only loads into the exact Node binary and V8 flags that made it, so
// next to it goes a key naming that binary (size and modification time, what the launcher can
// read with one `stat`); any mismatch, or a blob that failed to build, and the launcher runs the
// ESM bundle instead. Never fails the build: the bundle alone is a complete gossipper.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** V8 flags of every start (see build.mjs for why); a snapshot is only valid under the same. */
export const NODE_FLAG_LIST = ['--max-semi-space-size=4', '--no-concurrent-recompilation'];
/** The same, as they are written into the launcher and the bundle's shebang. */
export const NODE_FLAGS = NODE_FLAG_LIST.join(' ');

const BLOB = 'gossipper.blob';
const KEY = 'gossipper.blob.key';

function writeAtomically(path, text, mode) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}

/** What the launcher compares: `stat -L -c '%s %Y'` of the node it is about to run. */
function nodeKey(nodePath) {
  const st = statSync(nodePath);
  return `${st.size} ${Math.floor(st.mtimeMs / 1000)}`;
}

// POSIX sh, so it costs a millisecond, not a second Node start. NODE_EXTRA_CA_CERTS is moved
// aside for the reason given in src/extra-ca-certs.ts; GOSSIPPER_SNAPSHOT=off skips the blob.
const LAUNCHER = `#!/bin/sh
# gossipper launcher, written by scripts/build-snapshot.mjs: starts Node from the V8 start-up
# snapshot next to this file when it was built by this very node, else runs the ESM bundle.
self=$(readlink -f -- "$0" 2>/dev/null) || self=$0
dir=\${self%/*}
GOSSIPPER_EXTRA_CA_CERTS=\${NODE_EXTRA_CA_CERTS-}
export GOSSIPPER_EXTRA_CA_CERTS
unset NODE_EXTRA_CA_CERTS
node=$(command -v node) || { echo "gossipper: node not found on PATH" >&2; exit 127; }
if [ "\${GOSSIPPER_SNAPSHOT-}" != off ] && [ -r "$dir/${BLOB}" ] && read -r key < "$dir/${KEY}" 2>/dev/null \\
  && [ "$(stat -L -c '%s %Y' -- "$node" 2>/dev/null)" = "$key" ]; then
  exec "$node" ${NODE_FLAGS} --snapshot-blob "$dir/${BLOB}" "$dir/gossipper.js" "$@"
fi
exec "$node" ${NODE_FLAGS} "$dir/gossipper.js" "$@"
`;

/**
 * `define` maps the bundle's build constants; `outDir` is dist/. Returns whether a blob was made.
 */
export async function buildSnapshot({ define, outDir }) {
  writeAtomically(join(outDir, 'gossipper'), LAUNCHER, 0o755);
  chmodSync(join(outDir, 'gossipper'), 0o755);
  const blob = join(outDir, BLOB);
  const key = join(outDir, KEY);
  rmSync(key, { force: true });
  const entry = join(outDir, `snapshot-entry-${process.pid}.cjs`);
  try {
    await build({
      entryPoints: ['src/snapshot-entry.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: entry,
      define: { ...define, 'import.meta.url': 'globalThis.__gossipperModuleUrl' },
      logLevel: 'error',
    });
    const tmpBlob = `${blob}.tmp-${process.pid}`;
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const r = spawnSync(
      process.execPath,
      [...NODE_FLAG_LIST, '--snapshot-blob', tmpBlob, '--build-snapshot', entry],
      { env, encoding: 'utf8' },
    );
    // Node warns when the bundle loads, at build time, a built-in whose state a snapshot may not
    // restore; such a blob could misbehave at run time, so it is not used (see snapshot-entry.ts).
    const unsafe = /not yet fully verified whether built-in module "[^"]+"/.exec(r.stderr ?? '');
    if (r.status !== 0 || unsafe !== null) {
      rmSync(tmpBlob, { force: true });
      rmSync(blob, { force: true });
      const why =
        unsafe !== null
          ? `${unsafe[0]} (load it where it is used, not at module level)`
          : `node --build-snapshot exited ${r.status}`;
      console.warn(
        `gossipper: no start-up snapshot: ${why}; starts will be slower.\n${(r.stderr ?? '').slice(0, 2000)}`,
      );
      return false;
    }
    renameSync(tmpBlob, blob);
    writeAtomically(key, `${nodeKey(process.execPath)}\n`, 0o644);
    return true;
  } finally {
    rmSync(entry, { force: true });
  }
}
