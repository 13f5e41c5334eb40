/**
 * Converters from one argv token to a typed value. Each throws FlagError naming the flag, the
 * value and what was expected (`-r: "abc" is not a number`), so the table never formats errors.
 */
import { FlagError } from '../errors.ts';
import type { HostPort } from '../config/index.ts';
import type { TimeUnit } from './flag-types.ts';

const DEFAULT_SIP_PORT = 5060;

function bad(flag: string, value: string, expected: string, hint?: string): FlagError {
  return new FlagError('FLAG_VALUE', `${flag}: "${value}" is not ${expected}`, hint);
}

// SIPp reads integers with strtol(base 0): "0x1f" is hex and a leading "0" means octal
// (verified: `sipp -p 017777` binds port 8191). Unlike strtol we reject trailing junk.
const STRTOL_RE = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

/** C strtol (base 0) syntax, whole token, within the safe integer range. */
export function parseStrtolInt(flag: string, raw: string): number {
  const m = STRTOL_RE.exec(raw.trim());
  if (!m)
    throw bad(
      flag,
      raw,
      'an integer',
      'use decimal (42), hex (0x2a) or octal with a leading 0 (052)',
    );
  const digits = m[2];
  let magnitude: number;
  if (/^0[xX]/.test(digits)) magnitude = parseInt(digits.slice(2), 16);
  else if (digits.length > 1 && digits.startsWith('0')) magnitude = parseInt(digits.slice(1), 8);
  else magnitude = parseInt(digits, 10);
  const value = m[1] === '-' ? -magnitude : magnitude;
  if (!Number.isSafeInteger(value)) throw bad(flag, raw, 'an integer in range');
  return value;
}

const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number such as `10`, `0.5` or `1e3`. */
export function parseFloatValue(flag: string, raw: string): number {
  const text = raw.trim();
  if (!FLOAT_RE.test(text)) throw bad(flag, raw, 'a number');
  const value = Number(text);
  if (!Number.isFinite(value)) throw bad(flag, raw, 'a finite number');
  return value;
}

const TIME_RE = /^(\d+(?:\.\d*)?|\.\d+)(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * SIPp time syntax: a non-negative number with an optional `ms`, `s`, `m` or `h` suffix; a bare
 * number is in the flag's default unit. Returns whole milliseconds.
 */
export function parseTimeMs(flag: string, raw: string, defaultUnit: TimeUnit): number {
  const m = TIME_RE.exec(raw.trim());
  if (!m) {
    throw bad(
      flag,
      raw,
      'a time',
      `write a number with an optional unit: 500ms, 30s, 5m, 1h (a bare number is in ${defaultUnit === 'ms' ? 'milliseconds' : 'seconds'})`,
    );
  }
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? defaultUnit]);
}

/** `true`/`false` in any case, or an integer where 0 is false (SIPp's boolean options). */
export function parseBoolValue(flag: string, raw: string): boolean {
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (STRTOL_RE.test(text)) return parseStrtolInt(flag, text) !== 0;
  throw bad(flag, raw, 'a boolean', 'use true, false or an integer (0 = false)');
}

/** A TCP/UDP port: integer 1..65535. */
export function parsePort(flag: string, raw: string, allowZero = false): number {
  const port = parseStrtolInt(flag, raw);
  if (port < (allowZero ? 0 : 1) || port > 65535)
    throw bad(flag, raw, `a port (${allowZero ? 0 : 1}..65535)`);
  return port;
}

/**
 * `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 literal (more than one colon, so no
 * port can be meant). The port defaults to 5060.
 */
export function parseHostPort(flag: string, raw: string): HostPort {
  const text = raw.trim();
  const expected = 'a host[:port]';
  const hint = 'examples: 10.0.0.1, sip.example.com:5070, [::1]:5060';
  if (text === '') throw bad(flag, raw, expected, hint);
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 2) throw bad(flag, raw, expected, hint);
    const host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest === '') return { host, port: DEFAULT_SIP_PORT };
    if (!rest.startsWith(':')) throw bad(flag, raw, expected, hint);
    return { host, port: portOf(flag, raw, rest.slice(1)) };
  }
  const firstColon = text.indexOf(':');
  if (firstColon === -1) return { host: text, port: DEFAULT_SIP_PORT };
  if (text.indexOf(':', firstColon + 1) !== -1) return { host: text, port: DEFAULT_SIP_PORT };
  const host = text.slice(0, firstColon);
  if (host === '') throw bad(flag, raw, expected, hint);
  return { host, port: portOf(flag, raw, text.slice(firstColon + 1)) };
}

/** `host:port` or `[v6]:port` with the port required (a collector has no default port). */
export function parseHostAndPort(flag: string, raw: string): HostPort {
  const text = raw.trim();
  const hasPort = text.startsWith('[')
    ? /\]:[^:]*$/.test(text)
    : text.indexOf(':') !== -1 && text.indexOf(':') === text.lastIndexOf(':');
  if (!hasPort) {
    throw bad(flag, raw, 'host:port', 'give the port too: 127.0.0.1:9060, [::1]:9060');
  }
  return parseHostPort(flag, raw);
}

function portOf(flag: string, raw: string, portText: string): number {
  // Ports in addresses are plain decimal; octal/hex would only surprise here.
  if (!/^\d{1,5}$/.test(portText)) throw bad(flag, raw, 'a host[:port] with a decimal port');
  const port = Number(portText);
  if (port < 1 || port > 65535) throw bad(flag, raw, 'a host[:port] with a port in 1..65535');
  return port;
}
