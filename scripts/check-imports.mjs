// `npm run lint`'s import rules (style.md "Layout", design.md "Folders"), on src/:
//   1. a file imports another folder only through that folder's index.ts;
//   2. no cycle between folders (a top-level file such as errors.ts is a node of its own);
//   3. no cycle between files.
// Imports are read with a regular expression (static, `export ... from`, and import('...')
// with a literal), type-only ones included: a cycle through types still ties folders together.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

function sourceFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(path));
    else if (e.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** `engine` for src/engine/x.ts, the file's own name for src/x.ts. */
function folderOf(file) {
  const rel = relative(src, file).split(sep);
  return rel.length === 1 ? rel[0] : rel[0];
}

const files = sourceFiles(src);
const edges = new Map(files.map((f) => [f, new Set()]));
const problems = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    const target = resolve(dirname(file), spec);
    if (!edges.has(target)) continue;
    edges.get(file).add(target);
    const from = folderOf(file);
    const to = folderOf(target);
    const targetRel = relative(src, target).split(sep);
    if (from !== to && targetRel.length > 1 && targetRel.slice(1).join('/') !== 'index.ts') {
      problems.push(
        `${relative(root, file)}: imports ${spec} from another folder; go through src/${to}/index.ts`,
      );
    }
  }
}

/** Cycles in a graph of Map<node, Set<node>>, each reported once, as a path. */
function cycles(graph) {
  const found = [];
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const folders = new Map();
for (const [file, targets] of edges) {
  const from = folderOf(file);
  if (!folders.has(from)) folders.set(from, new Set());
  for (const t of targets) if (folderOf(t) !== from) folders.get(from).add(folderOf(t));
}
for (const c of cycles(folders)) problems.push(`folder cycle: ${c.join(' -> ')}`);
for (const c of cycles(edges))
  problems.push(`file cycle: ${c.map((f) => relative(root, f)).join(' -> ')}`);

if (problems.length > 0) {
  process.stderr.write(`${problems.join('\n')}\n${problems.length} import problem(s)\n`);
  process.exit(1);
}
process.stdout.write(`imports: ${files.length} files, ${folders.size} folders, no problem\n`);
