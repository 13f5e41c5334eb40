// Load-time warnings reach stderr once, when the scenario is loaded, not per call.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

test(
  'an unknown attribute is one warning on stderr with file:line:column',
  { timeout: 20_000 },
  async () => {
    requireBuiltBin();
    const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-lenient-cli-'));
    const file = path.join(dir, 'odd.xml');
    writeFileSync(
      file,
      '<?xml version="1.0"?>\n<scenario name="odd">\n  <recv request="OPTIONS" colour="blue"/>\n' +
        '  <!-- the rest is never read\n</scenario>\n',
    );
    const port = await freeUdpPort();
    let uas: Peer | undefined;
    try {
      uas = startGossipper(['-sf', file, '-p', String(port), '-nostdin'], dir);
      // Warnings are written before the sockets are opened: once it listens they were sent,
      // and the pipe hands them over shortly after.
      await waitForUdpListener(port, uas);
      const until = Date.now() + 5000;
      while (!uas.stderr().includes('"colour"') && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const warnings = uas
        .stderr()
        .split('\n')
        .filter((l) => l.startsWith('gossipper: warning: '));
      assert.deepEqual(warnings, [
        `gossipper: warning: ${file}:4: comment never closed: the rest of the file is ignored, as SIPp does`,
        `gossipper: warning: ${file}:3:3 <recv>: unknown attribute "colour" ignored`,
      ]);
    } finally {
      killRunning([uas]);
    }
  },
);
