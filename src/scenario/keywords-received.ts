/**
 * Keywords read from the last received message and from variables. Values are binary strings
 * (one char per byte), the convention of src/sip.
 */
import type { KeywordSpec } from './keyword-spec.ts';
import type { KeywordSource } from './model.ts';

/** `[last_Request_URI]`: the URI between the first `<` and `>` of the last To header. */
function lastRequestUri(src: KeywordSource): string {
  const to = src.lastMessage?.header('To');
  if (to === undefined) return '';
  const open = to.indexOf('<');
  const close = to.indexOf('>');
  return open === -1 || close === -1 || close < open ? '' : to.slice(open + 1, close);
}

export const RECEIVED_KEYWORDS = {
  last_Request_URI: { resolve: lastRequestUri },
  last_cseq_number: {
    resolve: (src, slot) => {
      const n = src.lastMessage?.cseqNumber() ?? NaN;
      return String((Number.isNaN(n) ? 0 : n) + slot.offset);
    },
  },
  last_message: { resolve: (src) => src.lastMessage?.raw.toString('latin1') ?? '' },
} satisfies Record<string, KeywordSpec>;

/** `[last_Name:]` / `[last_Name]`: the whole header line(s) as SIPp joins them. */
export function lastHeaderKeyword(headerName: string): KeywordSpec {
  return {
    resolve: (src) => src.lastMessage?.headerLine(headerName) ?? '',
    swallowsLineBreak: true,
    lastHeader: headerName,
  };
}

/** `[$name]`: the variable's string form, '' when unset. */
export function variableKeyword(variableName: string): KeywordSpec {
  return { resolve: (src) => src.variable(variableName), swallowsLineBreak: true };
}

/** `-key name value`: looked up at render time so one compiled scenario serves any values. */
export function userKeyword(name: string): KeywordSpec {
  return { resolve: (src) => src.userKeywords[name] ?? '' };
}
