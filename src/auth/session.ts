/**
 * A call's digest state: the challenge a `<recv auth="true">` stored (SIPp keeps one per call,
 * replaced by the next), and the nonce counts already used, so every `[authentication]` answering
 * the same nonce sends the next `nc` (RFC 7616 §3.4: a server may refuse a repeated count).
 */
import { parseAuthChallenges } from './auth-params.ts';
import type { AuthChallenge } from './auth-params.ts';
import { chooseQop, digestAlgorithm } from './digest.ts';
import type { DigestAlgorithm } from './digest.ts';

/** Uniform numbers in [0, 1): the engine's Rng (src/engine/rng.ts) fits. */
export interface RandomSource {
  next(): number;
}

/** The Digest challenge a client answers, with the choices made for it. */
export interface SelectedChallenge {
  readonly algorithm: DigestAlgorithm;
  /** `algorithm=` as the server spelled it, `MD5` when it gave none. */
  readonly algorithmText: string;
  readonly realm: string;
  readonly nonce: string;
  readonly opaque?: string;
  /** `auth`, `auth-int`, or '' when the challenge offered no qop we know. */
  readonly qop: string;
}

/**
 * The best Digest challenge we can answer (RFC 8760 §2.4: the strongest algorithm offered), or
 * a reason why there is none.
 */
export function selectChallenge(
  challenges: readonly AuthChallenge[],
): SelectedChallenge | { readonly error: string } {
  let best: SelectedChallenge | undefined;
  const seen: string[] = [];
  for (const c of challenges) {
    if (c.scheme.toLowerCase() !== 'digest') {
      seen.push(c.scheme);
      continue;
    }
    const text = c.params.get('algorithm');
    const algorithm = digestAlgorithm(text);
    seen.push(`Digest ${text ?? 'MD5'}`);
    const realm = c.params.get('realm');
    const nonce = c.params.get('nonce');
    if (algorithm === undefined || realm === undefined || nonce === undefined) continue;
    if (best !== undefined && best.algorithm.rank >= algorithm.rank) continue;
    best = {
      algorithm,
      algorithmText: text ?? 'MD5',
      realm,
      nonce,
      opaque: c.params.get('opaque'),
      qop: chooseQop(c.params.get('qop')),
    };
  }
  if (best !== undefined) return best;
  return {
    error:
      seen.length === 0
        ? 'the challenge holds no WWW-Authenticate or Proxy-Authenticate header'
        : `no usable Digest challenge (realm and nonce needed; algorithms MD5, SHA-256, ` +
          `SHA-512-256 (-sess) and AKAv1-MD5) among: ${seen.join(', ')}`,
  };
}

export class DigestSession {
  /** Status of the stored challenge: 401 answers with Authorization, 407 Proxy-Authorization. */
  status = 0;
  challenge: SelectedChallenge | null = null;
  /** Why the stored challenge cannot be answered ('' when it can). */
  problem = '';
  private counts: Map<string, number> | null = null;

  constructor(private readonly rng: RandomSource) {}

  /** Stores a 401/407's challenge header values (SIPp: the last challenge wins). */
  store(status: number, headerValues: readonly string[]): void {
    this.status = status;
    const picked = selectChallenge(parseAuthChallenges(headerValues));
    if ('error' in picked) {
      this.challenge = null;
      this.problem = picked.error;
    } else {
      this.challenge = picked;
      this.problem = '';
    }
  }

  /**
   * Stores the challenge of a received 401 or 407 (`headerValues` reads a header's values):
   * WWW-Authenticate for a 401, Proxy-Authenticate for a 407, else whichever it has.
   */
  storeFrom(status: number, headerValues: (name: string) => readonly string[]): void {
    const [first, second] =
      status === 407
        ? ['Proxy-Authenticate', 'WWW-Authenticate']
        : ['WWW-Authenticate', 'Proxy-Authenticate'];
    const values = headerValues(first);
    this.store(status, values.length > 0 ? values : headerValues(second));
  }

  /** The next nonce count for `nonce` in this call: 1, 2, ... */
  nextNonceCount(nonce: string): number {
    const counts = (this.counts ??= new Map());
    const n = (counts.get(nonce) ?? 0) + 1;
    counts.set(nonce, n);
    return n;
  }

  /** A fresh client nonce: 16 hex digits from the run's random source. */
  cnonce(): string {
    const word = (): string =>
      Math.floor(this.rng.next() * 0x1_0000_0000)
        .toString(16)
        .padStart(8, '0');
    return word() + word();
  }
}
