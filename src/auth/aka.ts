/**
 * AKAv1-MD5 (RFC 3310): the nonce is base64(RAND ‖ AUTN), AUTN = SQN⊕AK ‖ AMF ‖ MAC-A. The client
 * recovers SQN with f5, checks MAC-A with f1 (the network proves it knows K), and answers an
 * ordinary MD5 digest whose password is RES (f2), as raw bytes.
 */
import { milenage, milenageOpc } from './milenage.ts';

export interface AkaKeys {
  /** Permanent key K (16 bytes). */
  readonly k: Buffer;
  /** Operator variant OP (16 bytes). */
  readonly op: Buffer;
  /** AMF for the MAC check (2 bytes); undefined: the AMF carried in AUTN. */
  readonly amf?: Buffer;
}

export type AkaResult = { readonly res: Buffer } | { readonly error: string };

/** RES for an AKA nonce, or why it cannot be answered. */
export function akaResponse(nonce: string, keys: AkaKeys): AkaResult {
  const raw = Buffer.from(nonce, 'base64');
  if (raw.length < 32) {
    return { error: `AKA nonce decodes to ${raw.length} bytes, RAND and AUTN need 32` };
  }
  const rand = raw.subarray(0, 16);
  const sqnXorAk = raw.subarray(16, 22);
  const autnAmf = raw.subarray(22, 24);
  const mac = raw.subarray(24, 32);
  const amf = keys.amf ?? autnAmf;
  const opc = milenageOpc(keys.k, keys.op);
  // AK depends on RAND only, so a first pass with any SQN gives it.
  const ak = milenage(keys.k, opc, rand, Buffer.alloc(6), amf).ak;
  const sqn = Buffer.alloc(6);
  for (let i = 0; i < 6; i++) sqn[i] = sqnXorAk[i] ^ ak[i];
  const out = milenage(keys.k, opc, rand, sqn, amf);
  if (!out.macA.equals(mac)) {
    return { error: 'AKA nonce: MAC-A does not match (wrong K, OP or AMF, or a forged nonce)' };
  }
  return { res: Buffer.from(out.res) };
}

/**
 * A key parameter as SIPp takes it: `0x` + hex, bare hex of twice the length, or the raw bytes
 * (binary string). Undefined when it is none of these at `bytes` length.
 */
export function parseAkaKey(text: string, bytes: number): Buffer | undefined {
  let hex: string | undefined;
  if (/^0x/i.test(text)) hex = text.slice(2);
  else if (text.length === bytes * 2 && /^[0-9a-f]+$/i.test(text)) hex = text;
  if (hex !== undefined) {
    return hex.length === bytes * 2 && /^[0-9a-f]*$/i.test(hex)
      ? Buffer.from(hex, 'hex')
      : undefined;
  }
  return text.length === bytes ? Buffer.from(text, 'latin1') : undefined;
}
