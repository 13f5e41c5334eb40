/** Typo suggestions for unknown attributes, labels, keywords and elements. */

/** Levenshtein distance, two rows; inputs are short names so the O(n·m) cost is irrelevant. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The closest candidate when it is plausibly a typo: at most 3 edits and fewer than half the
 * longer name (so `rspns` → `response`, but `x` suggests nothing).
 */
export function closestName(typed: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = typed.toLowerCase();
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance && d <= 3 && d * 2 < Math.max(typed.length, candidate.length)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)` or '' — appended to "unknown ..." messages. */
export function didYouMean(typed: string, candidates: Iterable<string>): string {
  const best = closestName(typed, candidates);
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}
