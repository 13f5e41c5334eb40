import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenarioFlags } from '../../src/cli/index.ts';
import type { RunConfig } from '../../src/config/index.ts';

function traces(args: string[]): RunConfig['traces'] {
  const parsed = parseScenarioFlags(['-sn', 'uac', ...args], '/work/dir');
  assert.ok('config' in parsed);
  return parsed.config.traces;
}

test('every trace flag lands in RunConfig.traces, file names resolved against the cwd', () => {
  assert.deepEqual(
    traces([
      '-trace_msg',
      '-message_file',
      'm.txt',
      '-message_overwrite',
      'false',
      '-trace_shortmsg',
      '-shortmessage_file',
      '/abs/s.txt',
      '-trace_stat',
      '-stf',
      'stat.csv',
      '-stat_delimiter',
      ',',
      '-periodic_rtd',
      '-trace_rtt',
      '-rtt_freq',
      '5',
      '-trace_logs',
      '-log_overwrite',
      'true',
      '-trace_counts',
      '-trace_error_codes',
      '-trace_screen',
      '-error_overwrite',
      'false',
      '-max_log_size',
      '1000',
      '-ringbuffer_size',
      '500',
      '-ringbuffer_files',
      '3',
    ]),
    {
      errors: false,
      messages: true,
      messageFile: '/work/dir/m.txt',
      messageAppend: true,
      shortMessages: true,
      shortMessageFile: '/abs/s.txt',
      stat: true,
      statFile: '/work/dir/stat.csv',
      statDelimiter: ',',
      periodicRtd: true,
      rtt: true,
      rttFreq: 5,
      logs: true,
      logAppend: false,
      counts: true,
      errorCodes: true,
      screen: true,
      errorAppend: true,
      maxLogBytes: 1000,
      ringbufferBytes: 500,
      ringbufferFiles: 3,
    },
  );
});

test('-trace_calldebug, -calldebug_file, -calldebug_overwrite', () => {
  const t = traces([
    '-trace_calldebug',
    '-calldebug_file',
    'd.log',
    '-calldebug_overwrite',
    'false',
  ]);
  assert.equal(t.callDebug, true);
  assert.equal(t.callDebugFile, '/work/dir/d.log');
  assert.equal(t.callDebugAppend, true);
  assert.equal(traces([]).callDebug, undefined);
});
