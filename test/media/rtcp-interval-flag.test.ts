/** -rtcp_interval: the default, 0 for no RTCP, and the values a run refuses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import { defaultRunConfig, validateRunConfig } from '../../src/config/index.ts';

function rtcpMs(args: string[]): number {
  const parsed = parseScenarioFlags([...args, '127.0.0.1'], '/');
  assert.equal(parsed.kind, 'run');
  validateRunConfig(parsed.config);
  return parsed.config.rtp.rtcpIntervalMs;
}

test('-rtcp_interval: 5000 by default, 0 turns RTCP off, 100 ms..1 h otherwise', () => {
  assert.equal(defaultRunConfig().rtp.rtcpIntervalMs, 5000);
  assert.equal(rtcpMs([]), 5000);
  assert.equal(rtcpMs(['-rtcp_interval', '500']), 500);
  assert.equal(rtcpMs(['-rtcp_interval', '0']), 0);
  assert.throws(
    () => rtcpMs(['-rtcp_interval', '20']),
    /-rtcp_interval: 20 \(expected 0 for no RTCP, or 100\.\.3600000 ms\)/,
  );
  assert.throws(() => rtcpMs(['-rtcp_interval', 'soon']), /-rtcp_interval/);
});
