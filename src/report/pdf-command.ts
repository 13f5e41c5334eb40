/**
 * `gossipper summary-to-pdf`: the HTML report printed to PDF by headless Chromium, driven by
 * playwright-core. Both are found only when this command runs: playwright-core is required
 * lazily (not bundled into the bin), Chromium is searched for in the places listed below.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FlagError, GossipperError } from '../errors.ts';
import type { Io } from '../io.ts';
import { writeFileAtomic } from '../output/index.ts';
import { renderReportHtml } from './report-page.ts';
import { parseSummaryJson } from './summary-file.ts';

export const CHROMIUM_ENV = 'GOSSIPPER_CHROMIUM';

/** Tried in order when neither -chromium nor GOSSIPPER_CHROMIUM says where Chromium is. */
const KNOWN_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

export const SUMMARY_TO_PDF_HELP = `Usage: gossipper summary-to-pdf -in report.html [-out report.pdf] [-chromium <path>]

Prints a report written by report-html or -summary_html to PDF (A4, light colours) with
headless Chromium. -in may also be a summary JSON: its report is made on the way.

  -in <file>           HTML report (or summary JSON)
  -out <file>          PDF to write (default: the input's name with .pdf)
  -chromium <path>     Chromium or Chrome to use; else $${CHROMIUM_ENV}, else
                       ${KNOWN_PATHS.slice(0, 2).join(', ')}, ... and ${PATH_NAMES[0]}, ... on PATH
`;

export interface SummaryToPdfOptions {
  input: string;
  out?: string;
  chromium?: string;
}

export function parseSummaryToPdfArgs(args: readonly string[]): SummaryToPdfOptions | 'help' {
  let input: string | undefined;
  let out: string | undefined;
  let chromium: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].replace(/^--/, '-');
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v === '') {
        throw new FlagError('FLAG_MISSING_VALUE', `summary-to-pdf: ${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '-h':
      case '-help':
        return 'help';
      case '-in':
        input = value();
        break;
      case '-out':
        out = value();
        break;
      case '-chromium':
        chromium = value();
        break;
      default:
        throw new FlagError(
          'FLAG_UNKNOWN',
          `summary-to-pdf: unknown option "${args[i]}"`,
          'see gossipper summary-to-pdf -h',
        );
    }
  }
  if (input === undefined) {
    throw new FlagError('FLAG_MISSING_VALUE', 'summary-to-pdf: -in report.html is required');
  }
  return {
    input,
    ...(out !== undefined ? { out } : {}),
    ...(chromium !== undefined ? { chromium } : {}),
  };
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ChromiumSearch {
  /** -chromium, when given. */
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Injected by tests. */
  isExecutable?: (path: string) => boolean;
}

/** The Chromium to use, or an error that lists every place searched. */
export function findChromium(search: ChromiumSearch): string {
  const ok = search.isExecutable ?? isExecutable;
  const hint = `install Chromium (Debian: apt-get install chromium) or give its path with -chromium or ${CHROMIUM_ENV}`;
  if (search.flag !== undefined) {
    if (ok(search.flag)) return search.flag;
    throw new GossipperError(
      'CHROMIUM_NOT_FOUND',
      `-chromium ${search.flag}: no executable there`,
      hint,
    );
  }
  const fromEnv = search.env[CHROMIUM_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (ok(fromEnv)) return fromEnv;
    throw new GossipperError(
      'CHROMIUM_NOT_FOUND',
      `${CHROMIUM_ENV}=${fromEnv}: no executable there`,
      hint,
    );
  }
  const found = KNOWN_PATHS.find(ok);
  if (found !== undefined) return found;
  const dirs = (search.env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of PATH_NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (ok(candidate)) return candidate;
    }
  }
  throw new GossipperError(
    'CHROMIUM_NOT_FOUND',
    `summary-to-pdf: no Chromium found; searched: -chromium (not given), ${CHROMIUM_ENV} (not set), ` +
      `${KNOWN_PATHS.join(', ')}, and ${PATH_NAMES.join(', ')} in PATH (${dirs.join(delimiter) || 'empty'})`,
    hint,
  );
}

type Playwright = typeof import('playwright-core');

/**
 * playwright-core, required from beside the bin (never bundled into it). A require through
 * createRequire also works in the start-up snapshot's CommonJS bundle, where import() does not.
 */
function loadPlaywright(): Playwright {
  const { createRequire } = process.getBuiltinModule('node:module');
  try {
    return createRequire(import.meta.url)('playwright-core') as Playwright;
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new GossipperError(
      'CHROMIUM_NOT_FOUND',
      `summary-to-pdf needs the npm package playwright-core, which could not be loaded: ${why}`,
      'npm install playwright-core (next to gossipper)',
    );
  }
}

/**
 * A4 with 12 mm margins leaves 186 mm, 703 CSS px: the page is laid out (and charts drawn) at it.
 */
const PRINT_WIDTH_PX = 703;

export interface PdfSource {
  /** The page's HTML, or */
  html?: string;
  /** the file to open (relative links then resolve). */
  htmlPath?: string;
}

/** Prints the page to PDF bytes with the Chromium at `executablePath`. */
export async function htmlToPdf(source: PdfSource, executablePath: string): Promise<Buffer> {
  const { chromium } = loadPlaywright();
  let browser;
  try {
    browser = await chromium.launch({ executablePath, timeout: 60_000 });
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new GossipperError('CHROMIUM_NOT_FOUND', `cannot start ${executablePath}: ${why}`);
  }
  try {
    const page = await browser.newPage({
      viewport: { width: PRINT_WIDTH_PX, height: 1000 },
      deviceScaleFactor: 2,
      colorScheme: 'light',
    });
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    if (source.htmlPath !== undefined) {
      await page.goto(pathToFileURL(source.htmlPath).href, { waitUntil: 'load', timeout: 60_000 });
    } else {
      await page.setContent(source.html ?? '', { waitUntil: 'load', timeout: 60_000 });
    }
    // The charts were drawn for the screen layout; print media changed it.
    await page.evaluate("window.dispatchEvent(new Event('resize'))");
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}

/** Runs `gossipper summary-to-pdf`; returns the exit code. */
export async function runSummaryToPdfCommand(args: readonly string[], io: Io): Promise<number> {
  const o = parseSummaryToPdfArgs(args);
  if (o === 'help') {
    io.stdout.write(SUMMARY_TO_PDF_HELP);
    return 0;
  }
  const input = resolve(io.cwd, o.input);
  const out = resolve(io.cwd, o.out ?? input.replace(/(\.html?|\.json)?$/i, '.pdf'));
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new GossipperError('FILE_IO', `cannot read ${input}: ${why}`);
  }
  const executable = findChromium({
    ...(o.chromium !== undefined ? { flag: o.chromium } : {}),
    env: io.env,
  });
  // A summary JSON (older `report-pdf` took those) is made into its report on the way.
  const source: PdfSource = text.trimStart().startsWith('{')
    ? { html: renderReportHtml(parseSummaryJson(text, input)) }
    : { htmlPath: input };
  await writeFileAtomic(out, await htmlToPdf(source, executable));
  io.stdout.write(`wrote ${out}\n`);
  return 0;
}
