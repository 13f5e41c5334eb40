// Compiles the optional batched-UDP addon (binding.gyp) with the node-gyp that ships with npm,
// against this Node's own headers. Never fails the install: without a compiler Gossipper runs
// on node:dgram, and says so on its screen. Skips the work when the addon is newer than its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'src/transport/native');
const addon = join(root, 'build/Release/udp_batch.node');

function nodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp))
    return process.env.npm_config_node_gyp;
  // npm's own copy, next to the npm that came with this Node.
  const candidates = [
    join(
      dirname(process.execPath),
      '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    ),
    join(dirname(process.execPath), 'node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  return candidates.find((p) => existsSync(p));
}

export function buildNative({ quiet = false } = {}) {
  if (process.platform !== 'linux') return false;
  const newestSource = Math.max(
    statSync(join(root, 'binding.gyp')).mtimeMs,
    ...readdirSync(sourceDir).map((f) => statSync(join(sourceDir, f)).mtimeMs),
  );
  if (existsSync(addon) && statSync(addon).mtimeMs >= newestSource) return true;
  const gyp = nodeGyp();
  if (!gyp) {
    console.warn(
      "gossipper: node-gyp not found; UDP will use node:dgram (slower). Install npm's node-gyp to build the addon.",
    );
    return false;
  }
  // Node's headers sit next to the binary (e.g. /usr/include/node): no download needed.
  const args = [gyp, 'rebuild', '--release', '--loglevel=warn'];
  const headers = join(dirname(process.execPath), '../include/node/node_api.h');
  if (!process.env.npm_config_nodedir && existsSync(headers))
    args.push(`--nodedir=${join(dirname(process.execPath), '..')}`);
  try {
    execFileSync(process.execPath, args, {
      cwd: root,
      stdio: quiet ? 'ignore' : ['ignore', 'ignore', 'inherit'],
    });
    return true;
  } catch {
    console.warn(
      'gossipper: building the batched UDP addon failed; UDP will use node:dgram (slower). It needs python3, make and a C compiler.',
    );
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildNative();
