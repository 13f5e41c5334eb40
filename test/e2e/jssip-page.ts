/**
 * What the browser tests share: Chromium's presence (required under CI=true), and a page on
 * 127.0.0.1 (a secure context, as WebRTC wants) that loads JsSIP (npm `jssip`, bundled for the
 * browser with esbuild) as `window.JsSIP`.
 */
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO } from '../peers/processes.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** False when Chromium is there; else why the suite does not run (and a throw under CI). */
export function chromiumRequirement(what: string): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true')
    throw new Error(
      `chromium is required in CI (apt-get install -y chromium) but ${CHROMIUM} is missing`,
    );
  const why = `Chromium not installed: ${what} NOT RUN (apt-get install -y chromium)`;
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

/** JsSIP as one browser script defining `window.JsSIP`. */
async function jssipBundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(REPO, 'node_modules/jssip/lib/JsSIP.js')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'JsSIP',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0].text;
}

/** Serves the page and the bundle on 127.0.0.1. */
export async function servePage(): Promise<http.Server> {
  const script = await jssipBundle();
  const server = http.createServer((req, res) => {
    if (req.url === '/jssip.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' });
      res.end(script);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>jssip</title><script src="/jssip.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
