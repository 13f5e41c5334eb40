/**
 * RFC 3711 §4.3 key derivation with a key derivation rate of 0 (the only one SDES offers
 * without a `|KDR` parameter, and the one everyone uses): each session key is the AES-CM
 * keystream under the master key from IV = (master salt XOR label << 48) << 16.
 */
import { AesCounterMode } from './aes-cm.ts';

export const MASTER_KEY_BYTES = 16;
export const MASTER_SALT_BYTES = 14;
/** HMAC-SHA1 session auth key: n_a = 160 bits (RFC 3711 §8.2). */
const AUTH_KEY_BYTES = 20;

export interface SessionKeys {
  readonly cipherKey: Buffer;
  /** 14 bytes. */
  readonly salt: Buffer;
  /** 20 bytes. */
  readonly authKey: Buffer;
}

/** RFC 3711 §4.3.2 labels: RTP uses 0..2, RTCP 3..5 (encryption, authentication, salt). */
const LABELS = { rtp: [0, 1, 2], rtcp: [3, 4, 5] } as const;

export function deriveSessionKeys(
  masterKey: Buffer,
  masterSalt: Buffer,
  kind: 'rtp' | 'rtcp',
): SessionKeys {
  if (masterKey.length !== MASTER_KEY_BYTES || masterSalt.length !== MASTER_SALT_BYTES)
    throw new RangeError(
      `SRTP master key and salt must be ${MASTER_KEY_BYTES} + ${MASTER_SALT_BYTES} bytes, got ${masterKey.length} + ${masterSalt.length}`,
    );
  const aes = new AesCounterMode(masterKey);
  const [enc, auth, salt] = LABELS[kind];
  const derive = (label: number, bytes: number): Buffer => {
    const iv = Buffer.alloc(16);
    masterSalt.copy(iv, 0);
    // key_id = label || r (48 bits, 0 here) is XORed into the salt's low 56 bits: byte 7.
    iv[7] ^= label;
    return Buffer.from(aes.keystream(iv, bytes).subarray(0, bytes));
  };
  return {
    cipherKey: derive(enc, 16),
    authKey: derive(auth, AUTH_KEY_BYTES),
    salt: derive(salt, 14),
  };
}
