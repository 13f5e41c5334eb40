/**
 * `-cid_str` (`%u-%p@%s` by default): %u call number, %p the engine id (SIPp's pid, which it
 * is for a single-engine run; engine/run-context.ts), %s local IP (never bracketed), %% a
 * literal %. Compiled once into the text around the call number so each call costs one
 * concatenation.
 */
export function compileCallIdFormat(
  format: string,
  engineId: string,
  localIp: string,
): (callNumber: number) => string {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%' || i + 1 >= format.length) {
      current += ch;
      continue;
    }
    const spec = format[++i];
    if (spec === 'u') {
      parts.push(current);
      current = '';
    } else if (spec === 'p') current += engineId;
    // Bare even for IPv6: SIPp 3.6.1 sends `Call-ID: 1-1649@::1` beside `Via: ... [::1]:5061`.
    else if (spec === 's') current += localIp.replace(/^\[(.*)\]$/, '$1');
    else if (spec === '%') current += '%';
    else current += '%' + spec;
  }
  parts.push(current);
  if (parts.length === 1) {
    // No %u: SIPp would give every call the same Call-ID; prefix the number to keep calls apart.
    const fixed = parts[0];
    return (n) => `${n}-${fixed}`;
  }
  return (n) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i++) out += n + parts[i];
    return out;
  };
}
