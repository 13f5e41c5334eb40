/**
 * Slows password guessing at POST /auth/login, per client address and per username:
 *
 * - an address gets `addressFreeFailures` failed logins per window, then must wait before each
 *   next try (1 s, doubling, capped at `maxAddressLockMs`): refused with 429 meanwhile;
 * - a username gets `userFreeFailures` failures (from any address), then each attempt on it is
 *   held back before the password is checked (100 ms, doubling, capped at `maxUserDelayMs`),
 *   with at most `maxUserInFlight` such attempts at once. A user is slowed, never locked out, so
 *   an attacker cannot lock the real admin out by guessing from elsewhere, and the right
 *   password from another address still works.
 *
 * Unknown usernames are counted exactly like known ones (the key is the lower-cased name), so
 * the limiter's answers do not tell which names exist either. The tables are bounded
 * (`maxEntries`, oldest dropped first), so a flood of addresses or names cannot grow memory.
 */
export interface LoginLimiterOptions {
  readonly nowMs: () => number;
  readonly windowMs?: number;
  readonly addressFreeFailures?: number;
  readonly maxAddressLockMs?: number;
  readonly userFreeFailures?: number;
  readonly maxUserDelayMs?: number;
  readonly maxUserInFlight?: number;
  readonly maxEntries?: number;
}

interface Failures {
  count: number;
  firstAtMs: number;
  lastAtMs: number;
}

/** What the limiter says about one attempt before the password is looked at. */
export type LoginGate =
  | { readonly allowed: true; readonly delayMs: number; readonly release: () => void }
  | { readonly allowed: false; readonly retryAfterMs: number };

const WINDOW_MS = 15 * 60_000;

export class LoginLimiter {
  private readonly byAddress = new Map<string, Failures>();
  private readonly byUser = new Map<string, Failures>();
  private readonly inFlight = new Map<string, number>();
  private readonly windowMs: number;
  private readonly addressFree: number;
  private readonly maxAddressLockMs: number;
  private readonly userFree: number;
  private readonly maxUserDelayMs: number;
  private readonly maxUserInFlight: number;
  private readonly maxEntries: number;

  constructor(private readonly options: LoginLimiterOptions) {
    this.windowMs = options.windowMs ?? WINDOW_MS;
    this.addressFree = options.addressFreeFailures ?? 5;
    this.maxAddressLockMs = options.maxAddressLockMs ?? WINDOW_MS;
    this.userFree = options.userFreeFailures ?? 10;
    this.maxUserDelayMs = options.maxUserDelayMs ?? 2000;
    this.maxUserInFlight = options.maxUserInFlight ?? 4;
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** Asks to try a login; an allowed attempt must call `release` when its check is done. */
  admit(address: string, username: string): LoginGate {
    const now = this.options.nowMs();
    const lockedMs = this.addressLockMs(address, now);
    if (lockedMs > 0) return { allowed: false, retryAfterMs: lockedMs };
    const key = username.toLowerCase();
    const userFailures = this.current(this.byUser, key, now)?.count ?? 0;
    const excess = userFailures - this.userFree;
    if (excess < 0) return { allowed: true, delayMs: 0, release: () => {} };
    const running = this.inFlight.get(key) ?? 0;
    if (running >= this.maxUserInFlight) return { allowed: false, retryAfterMs: 1000 };
    this.inFlight.set(key, running + 1);
    let isReleased = false;
    const release = (): void => {
      if (isReleased) return;
      isReleased = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(key);
      else this.inFlight.set(key, left);
    };
    return {
      allowed: true,
      delayMs: Math.min(100 * 2 ** Math.min(excess, 20), this.maxUserDelayMs),
      release,
    };
  }

  recordFailure(address: string, username: string): void {
    const now = this.options.nowMs();
    this.bump(this.byAddress, address, now);
    this.bump(this.byUser, username.toLowerCase(), now);
  }

  /**
   * The user's count starts over (it was the real user); the address's does not, or one valid
   * account would let an address reset its own count between guesses at another.
   */
  recordSuccess(username: string): void {
    this.byUser.delete(username.toLowerCase());
  }

  private addressLockMs(address: string, now: number): number {
    const entry = this.current(this.byAddress, address, now);
    if (entry === undefined || entry.count < this.addressFree) return 0;
    const waitMs = Math.min(
      1000 * 2 ** Math.min(entry.count - this.addressFree, 30),
      this.maxAddressLockMs,
    );
    return Math.max(0, entry.lastAtMs + waitMs - now);
  }

  /** The entry while its window lasts; an expired one is forgotten. */
  private current(table: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const entry = table.get(key);
    if (entry !== undefined && now - entry.firstAtMs > this.windowMs) {
      table.delete(key);
      return undefined;
    }
    return entry;
  }

  private bump(table: Map<string, Failures>, key: string, now: number): void {
    const entry = this.current(table, key, now) ?? { count: 0, firstAtMs: now, lastAtMs: now };
    entry.count++;
    entry.lastAtMs = now;
    // Re-inserted, so the Map's order is least recently failed first: the one dropped at the cap.
    table.delete(key);
    table.set(key, entry);
    if (table.size > this.maxEntries) table.delete(table.keys().next().value as string);
  }
}
