/**
 * Opens report pages in real headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core) and reads back what a person would see: errors, drawn canvases, a screenshot.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { REPO } from '../peers/processes.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const PDFTOTEXT = '/usr/bin/pdftotext';
/** Screenshots land here (gitignored), for a person or CI to look at. */
export const ARTIFACTS = path.join(REPO, 'test-artifacts/report');

/** Skip reason, or false; under CI=true a missing tool is a failure, not a skip. */
export function toolRequirement(tools: readonly string[]): string | false {
  const missing = tools.filter((t) => !existsSync(t));
  if (missing.length === 0) return false;
  const why = `${missing.join(', ')} missing: report browser tests NOT RUN (apt-get install -y chromium poppler-utils)`;
  if (process.env.CI === 'true') throw new Error(`required in CI: ${why}`);
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM });
}

export interface PageView {
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Per canvas: how many of its pixels are not fully transparent. */
  paintedPixels: number[];
  /** Total pixels per canvas. */
  canvasPixels: number[];
  /** The page's visible text. */
  text: string;
}

/** Opens `file` with the reader's colour scheme set, screenshots it as `shot` (a .png name). */
export async function viewPage(
  browser: Browser,
  file: string,
  scheme: 'light' | 'dark',
  shot: string,
): Promise<PageView> {
  const page = await browser.newPage({
    colorScheme: scheme,
    viewport: { width: 1200, height: 900 },
  });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  // A report must open offline: any request other than the file itself is an error.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    errors.push(`network request: ${url}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  const counts = (await page.evaluate(`Array.from(document.querySelectorAll('canvas')).map((c) => {
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
      return [n, c.width * c.height];
    })`)) as Array<[number, number]>;
  const text = (await page.evaluate('document.body.innerText')) as string;
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, shot), fullPage: true });
  await page.close();
  return {
    errors,
    paintedPixels: counts.map(([n]) => n),
    canvasPixels: counts.map(([, t]) => t),
    text,
  };
}
