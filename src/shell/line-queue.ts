/**
 * Lines from the input, waiting until a command or a wizard question asks for the next one:
 * lines typed or piped while a run is going are kept, in order, for after it.
 */
export class LineQueue {
  private readonly lines: string[] = [];
  private readonly waiters: Array<(line: string | undefined) => void> = [];
  private isClosed = false;

  push(line: string): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(line);
    else this.lines.push(line);
  }

  /** End of input: waiting readers get undefined, and so does every later next(). */
  close(): void {
    this.isClosed = true;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  next(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.isClosed) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
