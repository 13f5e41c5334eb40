/**
 * Folding a compiled template for one run: keywords whose value cannot change during the run
 * (addresses, ports, pid, `-key` values) are rendered once and merged into the literal chunks
 * around them. When everything after the headers is then literal, `[len]` is fixed too. The
 * built-in INVITE goes from ~30 slots to 3 (branch, call_id, and the call number in the From
 * tag), which is most of the per-message rendering cost.
 */
import type { KeywordSlot, KeywordSource, Template } from './model.ts';

const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const LEN_WIDTH = 5;

type Part = Buffer | KeywordSlot;

function isLiteral(part: Part): part is Buffer {
  return part instanceof Uint8Array;
}

function isSwallowing(slot: KeywordSlot): boolean {
  return (slot as KeywordSlot & { swallowsLineBreak?: boolean }).swallowsLineBreak === true;
}

/**
 * Returns a template that renders the same bytes as `t` for any call of this run, given that
 * `isConstant(slot)` slots resolve to the same value for every call (as they do for `src`).
 */
export function specializeTemplate(
  t: Template,
  src: KeywordSource,
  isConstant: (slot: KeywordSlot) => boolean,
): Template {
  const parts: Part[] = [];
  let pending: Buffer[] = [];
  const flush = (): void => {
    if (pending.length > 0) parts.push(pending.length === 1 ? pending[0] : Buffer.concat(pending));
    pending = [];
  };
  for (const part of t.parts) {
    if (isLiteral(part)) {
      pending.push(part);
      continue;
    }
    if (!part.isLen && !isSwallowing(part) && isConstant(part)) {
      const value = part.resolve(src, part);
      // An empty value at a line start would trigger SIPp's line rules: keep such slots live.
      if (value !== '' || !part.atLineStart) {
        pending.push(Buffer.from(value, 'latin1'));
        continue;
      }
    }
    flush();
    parts.push(part);
  }
  flush();
  return { ...t, parts: foldFixedLength(parts) };
}

/** `[len]` followed only by literal bytes: the body length is known now. */
function foldFixedLength(parts: Part[]): Part[] {
  const lenIndex = parts.findIndex((p) => !isLiteral(p) && p.isLen);
  if (lenIndex < 0) return parts;
  // Header values never hold an empty line, so the body starts after the [len] line.
  for (let i = 0; i < lenIndex; i++) {
    const p = parts[i];
    if (isLiteral(p) && p.includes(CRLFCRLF)) return parts;
  }
  const tail = parts.slice(lenIndex + 1);
  if (!tail.every(isLiteral)) return parts;
  const rest = Buffer.concat(tail as Buffer[]);
  const headerEnd = rest.indexOf(CRLFCRLF);
  if (headerEnd < 0) return parts;
  const slot = parts[lenIndex] as KeywordSlot;
  const bodyLength = rest.length - headerEnd - CRLFCRLF.length;
  const value = bodyLength > 0 ? Math.max(0, bodyLength + slot.offset) : 0;
  const text = Buffer.from(String(value).padStart(LEN_WIDTH, ' '), 'latin1');
  const before = parts.slice(0, lenIndex);
  const last = before[before.length - 1];
  if (last !== undefined && isLiteral(last))
    return [...before.slice(0, -1), Buffer.concat([last, text, rest])];
  return [...before, Buffer.concat([text, rest])];
}
