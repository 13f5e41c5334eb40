/**
 * Users mode (`-users N`): the free user ids. Exactly N calls exist at once; each call holds a
 * user id (1..N) and gives it back when it ends, and the next call takes the id free longest.
 * Measured on sipp 3.6.1 with -users 3: the first calls get users 3, 2, 1, then ids come back
 * in the order their calls ended.
 */
export class UserPool {
  readonly users: number;
  /** Ring of free ids: `count` of them from `head`. */
  private readonly ring: Int32Array;
  private head = 0;
  private count: number;

  /**
   * `offset`: `-threads` shard's first id minus one (its users are offset+1..offset+users), so
   * the shards' ids together are 1..N as in one SIPp.
   */
  constructor(
    users: number,
    private readonly offset = 0,
  ) {
    this.users = users;
    this.ring = new Int32Array(Math.max(users, 1));
    for (let i = 0; i < users; i++) this.ring[i] = offset + users - i;
    this.count = users;
  }

  /** Users without a call. */
  get free(): number {
    return this.count;
  }

  /** The next user for a new call; 0 when every user has one. */
  take(): number {
    if (this.count === 0) return 0;
    const id = this.ring[this.head];
    this.head = (this.head + 1) % this.ring.length;
    this.count--;
    return id;
  }

  /** A call of user `id` ended: the user places a call again. */
  release(id: number): void {
    if (id <= this.offset || id > this.offset + this.users || this.count === this.ring.length)
      return;
    this.ring[(this.head + this.count) % this.ring.length] = id;
    this.count++;
  }
}
