/**
 * werift is loaded only for a scenario that renders WebRTC SDP. werift is CommonJS, so once
 * imported its files sit in Node's CommonJS module cache: a media run without WebRTC must leave
 * none there, and opening media for a WebRTC scenario must add them. The order of the two tests
 * matters (one process per test file, the first must run before anything imports werift).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { defaultRunConfig } from '../../../src/config/index.ts';
import { freeUdpPort } from '../../peers/processes.ts';
import { mediaBase, mediaRun } from '../media-runs.ts';
import { webrtcScenario } from './webrtc-scenarios.ts';

const require = createRequire(import.meta.url);

function isWeriftLoaded(): boolean {
  return Object.keys(require.cache).some((f) => f.includes('/node_modules/werift/'));
}

test('a media run without WebRTC does not load werift', { timeout: 20_000 }, async () => {
  assert.equal(isWeriftLoaded(), false, 'loaded before the run');
  const run = mediaRun({
    scenario: { kind: 'builtin', name: 'uas' },
    localPort: await freeUdpPort(),
    mediaPort: mediaBase(),
    rtp: { ...defaultRunConfig().rtp, echo: true },
    maxCalls: 1,
  });
  try {
    await run.start();
    assert.equal(isWeriftLoaded(), false);
  } finally {
    run.stop();
  }
});

test('a run whose scenario renders [webrtc_answer] loads werift', { timeout: 20_000 }, async () => {
  const run = mediaRun({
    scenario: { kind: 'file', path: webrtcScenario('webrtc-uas.xml') },
    localPort: await freeUdpPort(),
    mediaPort: mediaBase(),
    maxCalls: 1,
  });
  try {
    await run.start();
    assert.equal(isWeriftLoaded(), true);
  } finally {
    run.stop();
  }
});
