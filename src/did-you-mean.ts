/** Typo suggestions for unknown flags, attributes, labels, keywords and elements. */

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions, so `sned` is one
 * edit from `send`); inputs are short names, so the O(n·m) table is irrelevant.
 */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
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
