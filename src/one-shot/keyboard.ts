/**
 * SIPp's hot keys on a terminal (SIPp's docs, "Online traffic control"): + - * / change the rate, p
 * pauses, q soft-quits (twice: abort), Q quits now.
 */
import type { RunHandle } from '../run/index.ts';

export function attachKeyboard(stdin: NodeJS.ReadStream, run: RunHandle): () => void {
  if (typeof stdin.setRawMode !== 'function') return () => {};
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (data: Buffer): void => {
    for (const ch of data.toString('latin1')) {
      const { rate, paused } = run.status();
      if (ch === '+') run.setRate(rate + 1);
      else if (ch === '-') run.setRate(Math.max(0, rate - 1));
      else if (ch === '*') run.setRate(rate + 10);
      else if (ch === '/') run.setRate(Math.max(0, rate - 10));
      else if (ch === 'p') paused ? run.resume() : run.pause();
      else if (ch === 'q') run.softQuit();
      else if (ch === 'Q' || ch === '\u0003') run.stop();
    }
  };
  stdin.on('data', onData);
  return () => {
    stdin.off('data', onData);
    stdin.setRawMode(false);
    stdin.pause();
  };
}
