/**
 * The Milenage authentication functions f1..f5 and f1*, f5* (3GPP TS 35.206 §4.1) over
 * AES-128 (node:crypto), with the constants of that section: rotations r1..r5 = 64, 0, 32, 64, 96
 * bits and c1..c5 = 0, 1, 2, 4, 8 in the last byte.
 */
import { createCipheriv } from 'node:crypto';

export interface MilenageOutput {
  /** f1: network authentication code, 8 bytes. */
  readonly macA: Buffer;
  /** f1*: resynchronisation code, 8 bytes. */
  readonly macS: Buffer;
  /** f2: RES, 8 bytes. */
  readonly res: Buffer;
  /** f3: cipher key, 16 bytes. */
  readonly ck: Buffer;
  /** f4: integrity key, 16 bytes. */
  readonly ik: Buffer;
  /** f5: anonymity key, 6 bytes. */
  readonly ak: Buffer;
  /** f5*: resynchronisation anonymity key, 6 bytes. */
  readonly akS: Buffer;
}

function aes(k: Buffer, block: Buffer): Buffer {
  const c = createCipheriv('aes-128-ecb', k, null);
  c.setAutoPadding(false);
  return c.update(block);
}

function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

/** Cyclic rotation of 128 bits towards the most significant end by a whole number of bytes. */
function rotate(x: Buffer, bits: number): Buffer {
  const by = bits / 8;
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = x[(i + by) % 16];
  return out;
}

function constant(lastByte: number): Buffer {
  const c = Buffer.alloc(16);
  c[15] = lastByte;
  return c;
}

/** OPc = OP ⊕ E_K(OP). */
export function milenageOpc(k: Buffer, op: Buffer): Buffer {
  return xor(aes(k, op), op);
}

/** Every Milenage output for one RAND (16 bytes), SQN (6) and AMF (2). */
export function milenage(
  k: Buffer,
  opc: Buffer,
  rand: Buffer,
  sqn: Buffer,
  amf: Buffer,
): MilenageOutput {
  const temp = aes(k, xor(rand, opc));
  const in1 = Buffer.concat([sqn, amf, sqn, amf]);
  const out1 = xor(aes(k, xor(xor(temp, rotate(xor(in1, opc), 64)), constant(0))), opc);
  const out = (bits: number, c: number): Buffer =>
    xor(aes(k, xor(rotate(xor(temp, opc), bits), constant(c))), opc);
  const out2 = out(0, 1);
  const out3 = out(32, 2);
  const out4 = out(64, 4);
  const out5 = out(96, 8);
  return {
    macA: out1.subarray(0, 8),
    macS: out1.subarray(8, 16),
    res: out2.subarray(8, 16),
    ck: out3,
    ik: out4,
    ak: out2.subarray(0, 6),
    akS: out5.subarray(0, 6),
  };
}
