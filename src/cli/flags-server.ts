/**
 * Gossipper's management flags (`gossipper server`, and `-api_addr` beside a one-shot run): the
 * HTTP API's address and token, and how long SIGTERM waits for calls. Listed by
 * `gossipper server -h`; hidden from `gossipper sipp -h`, as in the reference.
 */
import type { HostPort } from '../config/index.ts';
import { FlagError } from '../errors.ts';
import type { FlagSpec } from './flag-types.ts';

/** `gossipper server` without `-api_addr`: loopback only, so an open API is not on the network. */
export const DEFAULT_API_ADDR: HostPort = { host: '127.0.0.1', port: 8080 };

/**
 * `host:port`, `[v6]:port`, or `:port` (every interface, as Go's listeners read it); port 0 asks
 * the system for a free one.
 */
export function parseApiAddr(raw: string): HostPort {
  const text = raw.trim();
  let host: string;
  let portText: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    host = close > 1 ? text.slice(1, close) : '';
    portText = close > 1 && text[close + 1] === ':' ? text.slice(close + 2) : '';
    if (host === '') throw badAddr(raw);
  } else {
    const colon = text.lastIndexOf(':');
    if (colon < 0 || text.indexOf(':') !== colon) throw badAddr(raw);
    host = text.slice(0, colon) || '0.0.0.0';
    portText = text.slice(colon + 1);
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw badAddr(raw);
  return { host, port: Number(portText) };
}

function badAddr(raw: string): FlagError {
  return new FlagError(
    'FLAG_VALUE',
    `-api_addr: "${raw}" is not a host:port`,
    'examples: 127.0.0.1:8080, :8080 (every interface), [::1]:8080, 127.0.0.1:0 (any free port)',
  );
}

/**
 * The run-profile flags are taken out of argv before parsing (cli/profile-flags.ts); they are in
 * the table for the help and so that one hidden in `extra_args` is refused rather than unknown.
 */
function profileFlag(name: string, argName: string, help: string): FlagSpec {
  const refuse = (): never => {
    throw new FlagError(
      'FLAG_VALUE',
      `-${name} inside a profile's extra_args: profiles do not nest`,
      'give it on the command line',
    );
  };
  return argName === ''
    ? { name, group: 'management', available: true, kind: 'none', help, apply: refuse }
    : { name, group: 'management', available: true, kind: 'string', argName, help, apply: refuse };
}

export const SERVER_FLAGS: readonly FlagSpec[] = [
  profileFlag('config', '<file.json>', 'Run profile JSON: flat, aliases, or (server) composite'),
  profileFlag('run-alias', '<name>', 'With -config: the alias of the file to run'),
  profileFlag('list-aliases', '', "With -config: print the file's aliases and exit"),
  {
    name: 'api_addr',
    group: 'management',
    available: true,
    kind: 'string',
    argName: '<host:port>',
    help: 'Serve the HTTP API v1 here (also beside a one-shot run)',
    defaultText: 'server: 127.0.0.1:8080',
    apply: (ctx, v) => {
      ctx.config.api.addr = parseApiAddr(v);
    },
  },
  {
    name: 'api_token',
    group: 'management',
    available: true,
    kind: 'string',
    argName: '<token>',
    help: 'Require this bearer token on the API (Bearer header, or ?token= for /live)',
    apply: (ctx, v) => {
      if (v === '') throw new FlagError('FLAG_VALUE', '-api_token: the token is empty');
      ctx.config.api.token = v;
    },
  },
  {
    name: 'api_allow_open',
    group: 'management',
    available: true,
    kind: 'none',
    help: 'Allow an API without authentication beyond loopback (refused otherwise)',
    apply: (ctx) => {
      ctx.config.api.allowOpen = true;
    },
  },
  {
    name: 'drain_timeout',
    group: 'management',
    available: true,
    kind: 'time',
    unit: 's',
    argName: '<time>',
    help: 'On SIGTERM, wait this long for calls in flight, then end them',
    defaultText: '30',
    apply: (ctx, v) => {
      ctx.config.api.drainTimeoutMs = v;
    },
  },
];
