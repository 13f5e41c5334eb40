/** The recording keys of a run profile (reference §B8 8.3) stand for their flags. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { profileArgs } from '../../src/config/index.ts';
import { parseScenarioFlags } from '../../src/cli/index.ts';

test('record_wav_dir (relative to the file) and record_wav_duplex become the flags', () => {
  const { args } = profileArgs(
    { scenario_name: 'uas', record_wav_dir: 'rec', record_wav_duplex: true },
    '/srv/lab',
    '-config lab.json',
  );
  assert.deepEqual(args.slice(-3), ['-record_wav_dir', '/srv/lab/rec', '-record_wav_duplex']);
  const parsed = parseScenarioFlags(args, '/srv/lab');
  assert.equal(parsed.kind, 'run');
  if (parsed.kind !== 'run') return;
  assert.equal(parsed.config.rtp.recordWavDir, '/srv/lab/rec');
  assert.equal(parsed.config.rtp.recordWavDuplex, true);
  const off = profileArgs({ record_wav_duplex: false }, '/srv/lab', 'x').args;
  assert.deepEqual(off, [], 'false adds no flag');
  assert.throws(
    () => profileArgs({ record_wav_duplex: 'yes' }, '/srv/lab', '-config lab.json'),
    /-config lab\.json: .*record_wav_duplex.*true or false/,
  );
});
