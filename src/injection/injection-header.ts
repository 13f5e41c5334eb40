/**
 * The first line of an injection file: the line-choice mode, found by substring as SIPp does
 * (`RANDOM`, then `SEQUENTIAL`, then `USER`, so `USERS,PRINTF=9` is USER), and the optional
 * `PRINTF=n`, `PRINTFOFFSET=o`, `PRINTFMULTIPLE=m` settings of a printf file.
 */
import { GossipperError } from '../errors.ts';

export type InjectionMode = 'sequential' | 'random' | 'user';

/** A printf file: `lines` virtual lines; line k formats `%d` with `offset + k × multiple`. */
export interface PrintfSettings {
  readonly lines: number;
  readonly offset: number;
  readonly multiple: number;
}

export interface InjectionHeader {
  readonly mode: InjectionMode;
  readonly printf: PrintfSettings | null;
}

function headerError(message: string): GossipperError {
  return new GossipperError(
    'CONFIG_INVALID',
    message,
    'the first line of an injection file is SEQUENTIAL, RANDOM or USER, optionally followed by ' +
      ',PRINTF=n ,PRINTFOFFSET=o ,PRINTFMULTIPLE=m',
  );
}

/**
 * strtoul(text, &end, 0) for what follows `NAME=`: decimal, `0x` hex or `0` octal. The value ends
 * at the end of the line or a comma; anything else is an error naming the character.
 */
function settingValue(line: string, at: number, name: string, fileName: string): number {
  if (line[at] !== '=')
    throw headerError(`invalid ${name} specification (requires =) for ${fileName}: ${line}`);
  const rest = line.slice(at + 1);
  const m = /^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(rest) as RegExpExecArray;
  const digits = m[1] ?? '';
  const end = rest[m[0].length];
  if (end !== undefined && end !== ',') {
    throw headerError(
      `invalid ${name} specification (invalid end character '${end}') for ${fileName}: ${line}`,
    );
  }
  if (digits === '') return 0;
  if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
  return digits.startsWith('0') ? parseInt(digits, 8) || 0 : parseInt(digits, 10);
}

/** Parses the mode line of `fileName`; throws GossipperError (exit 1, like SIPp) when it is bad. */
export function parseInjectionHeader(line: string, fileName: string): InjectionHeader {
  let mode: InjectionMode;
  if (line.includes('RANDOM')) mode = 'random';
  else if (line.includes('SEQUENTIAL')) mode = 'sequential';
  else if (line.includes('USER')) mode = 'user';
  else {
    throw headerError(
      `unknown file type (valid values are RANDOM, SEQUENTIAL, and USER) for ${fileName}: ${line}`,
    );
  }
  // SIPp looks for the first "PRINTF" (which may be the start of PRINTFOFFSET) and wants "=".
  const printfAt = line.indexOf('PRINTF');
  if (printfAt === -1) return { mode, printf: null };
  const lines = settingValue(line, printfAt + 'PRINTF'.length, 'PRINTF', fileName);
  if (lines === 0)
    throw headerError(`a printf file must have at least one virtual line: ${fileName}: ${line}`);
  const offsetAt = line.indexOf('PRINTFOFFSET');
  const multipleAt = line.indexOf('PRINTFMULTIPLE');
  const offset =
    offsetAt === -1
      ? 0
      : settingValue(line, offsetAt + 'PRINTFOFFSET'.length, 'PRINTFOFFSET', fileName);
  const multiple =
    multipleAt === -1
      ? 1
      : settingValue(line, multipleAt + 'PRINTFMULTIPLE'.length, 'PRINTFMULTIPLE', fileName);
  return { mode, printf: { lines, offset, multiple } };
}
