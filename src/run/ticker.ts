/**
 * Drives the engine's tick on wall time. One 1 ms interval for the whole run (SIPp's default
 * timer resolution), instead of a timer per call.
 */
export function startTicker(tick: () => void): () => void {
  const timer = setInterval(tick, 1);
  return () => clearInterval(timer);
}
