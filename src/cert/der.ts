/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs: each value is tag, length,
 * contents, with the definite length in short form below 128 and long form above.
 */
import { Buffer } from 'node:buffer';

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  oid: 0x06,
  utf8String: 0x0c,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
} as const;

function lengthBytes(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, contents: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), lengthBytes(contents.length), contents]);
}

export function sequence(...items: Buffer[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

export function set(...items: Buffer[]): Buffer {
  return tlv(TAG.set, Buffer.concat(items));
}

/** An explicitly tagged value: context-specific, constructed, number `n`. */
export function explicit(n: number, inner: Buffer): Buffer {
  return tlv(0xa0 | n, inner);
}

/** A non-negative INTEGER from its big-endian bytes (a leading 0 keeps the sign bit clear). */
export function unsignedInteger(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  return tlv(
    TAG.integer,
    trimmed[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed,
  );
}

export function smallInteger(n: number): Buffer {
  return unsignedInteger(Buffer.from([n]));
}

export function boolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

export function octetString(bytes: Buffer): Buffer {
  return tlv(TAG.octetString, bytes);
}

/** A BIT STRING of whole bytes, or with `unusedBits` of the last byte unused. */
export function bitString(bytes: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), bytes]));
}

export function utf8String(text: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(text, 'utf8'));
}

/** An OBJECT IDENTIFIER from its dotted form (`2.5.4.3`). */
export function oid(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out = [40 * arcs[0] + arcs[1]];
  for (const arc of arcs.slice(2)) {
    const groups: number[] = [];
    let v = arc;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < groups.length - 1; i++) groups[i] |= 0x80;
    out.push(...groups);
  }
  return tlv(TAG.oid, Buffer.from(out));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC. */
export function time(at: Date): Buffer {
  const iso = at.toISOString(); // 2026-12-07T06:32:46.123Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20261207063246
  return at.getUTCFullYear() < 2050
    ? tlv(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, 'latin1'))
    : tlv(TAG.generalizedTime, Buffer.from(`${digits}Z`, 'latin1'));
}

/** Context-specific primitive tag `n` with raw contents (a GeneralName choice, implicit). */
export function implicitPrimitive(n: number, contents: Buffer): Buffer {
  return tlv(0x80 | n, contents);
}
