/** The SIP-over-WebSocket flags: `-t w1/wn/wss1/wssn`, `-ws_path`, `-ws_ping`, `-ws_max_frame`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags, type ParsedFlags } from '../../src/cli/index.ts';
import { type RunConfig, validateRunConfig } from '../../src/config/index.ts';
import { FlagError } from '../../src/errors.ts';

function run(...args: string[]): RunConfig {
  const parsed: ParsedFlags = parseScenarioFlags(args, '/tmp');
  assert.equal(parsed.kind, 'run');
  return (parsed as Extract<ParsedFlags, { kind: 'run' }>).config;
}

function invalid(args: string[], pattern: RegExp): void {
  assert.throws(
    () => validateRunConfig(run(...args)),
    (err: unknown) => err instanceof FlagError && pattern.test(err.message),
  );
}

test('-t w1, wn, wss1, wssn name WebSocket and WebSocket over TLS, shared or per call', () => {
  assert.deepEqual(run('-t', 'w1').transport, { protocol: 'ws', sockets: 'shared' });
  assert.deepEqual(run('-t', 'wn').transport, { protocol: 'ws', sockets: 'per-call' });
  assert.deepEqual(run('-t', 'wss1').transport, { protocol: 'wss', sockets: 'shared' });
  assert.deepEqual(run('-t', 'wssn').transport, { protocol: 'wss', sockets: 'per-call' });
});

test('defaults: path /, a ping every 30 s, 256 KiB messages', () => {
  assert.deepEqual(run().webSocket, { path: '/', pingIntervalMs: 30_000, maxFrameBytes: 262_144 });
});

test('-ws_path, -ws_ping (ms, or with a unit) and -ws_max_frame set them', () => {
  const c = run('-ws_path', '/sip', '-ws_ping', '5s', '-ws_max_frame', '65536');
  assert.deepEqual(c.webSocket, { path: '/sip', pingIntervalMs: 5000, maxFrameBytes: 65536 });
  assert.equal(run('-ws_ping', '0').webSocket.pingIntervalMs, 0);
});

test('a path without a leading slash and a frame limit under 1 KiB are refused', () => {
  invalid(['-ws_path', 'sip'], /^-ws_path: "sip" is not a path/);
  invalid(['-ws_max_frame', '100'], /^-ws_max_frame: 100 is too small/);
});
