/**
 * SIPp's `[dynamic_id]`: one counter for the whole run (every call shares it), read and then
 * advanced by `-dynamicStep` at each use; past `-dynamicMax` it starts again at `-dynamicStart`.
 * Checked against sipp 3.6.1: start 5, max 20, step 6 gives 5 11 17 5 11 ...
 */
import type { DynamicIdConfig } from '../config/index.ts';

export function dynamicIdCounter(cfg: DynamicIdConfig): () => number {
  let next = cfg.start;
  return () => {
    const value = next;
    next += cfg.step;
    if (next > cfg.max) next = cfg.start;
    return value;
  };
}
