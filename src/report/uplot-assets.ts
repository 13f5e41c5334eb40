/**
 * uPlot's script and stylesheet, read from the installed package when a report is written and
 * inlined into the page, so the report opens with no network. Required from beside the bin
 * through createRequire, which also works in the start-up snapshot's CommonJS bundle.
 */
import { readFileSync } from 'node:fs';
import { GossipperError } from '../errors.ts';

export interface UPlotAssets {
  js: string;
  css: string;
}

let cached: UPlotAssets | undefined;

export function uplotAssets(): UPlotAssets {
  if (cached !== undefined) return cached;
  const { createRequire } = process.getBuiltinModule('node:module');
  const require = createRequire(import.meta.url);
  try {
    cached = {
      js: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new GossipperError(
      'REPORT_ASSET_MISSING',
      `the HTML report needs the npm package uplot, which could not be read: ${why}`,
      'npm install (gossipper depends on uplot)',
    );
  }
  return cached;
}
