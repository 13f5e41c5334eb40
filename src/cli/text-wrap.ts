/** Word wrapping for terminal help text (style guide: terminal text at 80 columns). */

export const HELP_WIDTH = 80;

/** Wraps `text` into lines of at most `width` columns, each continuation indented by `indent`. */
export function wrapText(
  text: string,
  width: number,
  firstPrefix: string,
  indent: string,
): string[] {
  const lines: string[] = [];
  let line = firstPrefix;
  let lineHasWord = false;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const candidate = lineHasWord ? `${line} ${word}` : line + word;
    if (candidate.length > width && lineHasWord) {
      lines.push(line);
      line = indent + word;
    } else {
      line = candidate;
    }
    lineHasWord = true;
  }
  lines.push(line);
  return lines;
}
