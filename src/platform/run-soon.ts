/**
 * queueMicrotask without its cost: Node wraps every queued callback in an AsyncResource (an
 * object, a bound function and an async-context push and pop when it runs), paid once per
 * received batch and timer tick on the hot path. A reaction to an already-resolved promise runs
 * at the same point, before the event loop moves on, with none of that. A callback that throws
 * ends the process as an unhandled rejection, as queueMicrotask's uncaught exception would.
 */
const RESOLVED = Promise.resolve();

export function runSoon(callback: () => void): void {
  void RESOLVED.then(callback);
}
