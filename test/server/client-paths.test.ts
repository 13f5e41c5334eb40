// A POST /clients body names files only inside the server's directory: by profile key, by
// extra_args flag, through `..`, an absolute path or a symbolic link pointing out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEngineConfig } from '../../src/server/engine-config.ts';
import { assertPathsInside } from '../../src/server/client-paths.ts';
import { ApiError } from '../../src/server/api-error.ts';

const WHERE = 'POST /api/v1/clients';

function check(dir: string, args: string[]): void {
  const { config } = buildEngineConfig([...args, '127.0.0.1:5060'], dir, WHERE);
  assertPathsInside(config, dir, WHERE);
}

test('files inside the directory pass; each way out is a 400 naming the flag and the file', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'gossipper-paths-'));
  const dir = path.join(root, 'srv');
  mkdirSync(path.join(dir, 'calls'), { recursive: true });
  writeFileSync(path.join(dir, 'calls', 'uac.xml'), '<scenario/>');
  writeFileSync(path.join(root, 'secret.xml'), '<scenario/>');
  symlinkSync(root, path.join(dir, 'up'));

  check(dir, ['-sf', 'calls/uac.xml', '-summary_json', 'out/s.json', '-trace_msg']);
  check(dir, ['-sn', 'uac', '-call_records_jsonl', path.join(dir, 'records.jsonl')]);

  const refused: Array<[string[], RegExp]> = [
    [['-sf', '../secret.xml'], /-sf ".*\/secret\.xml" escapes/],
    [['-sn', 'uac', '-summary_json', '/etc/cron.d/x'], /-summary_json "\/etc\/cron\.d\/x" escapes/],
    [['-sn', 'uac', '-call_records_jsonl', 'up/r.jsonl'], /-call_records_jsonl ".*up\/r\.jsonl"/],
    [['-sf', 'up/secret.xml'], /-sf ".*up\/secret\.xml" escapes/],
    [['-sn', 'uac', '-trace_msg', '-message_file', '../m.log'], /-message_file/],
    [['-sn', 'uac', '-inf', '/etc/passwd'], /-inf ".*\/etc\/passwd"/],
    [['-sn', 'uac', '-record_wav_dir', '..'], /-record_wav_dir/],
  ];
  for (const [args, message] of refused) {
    assert.throws(
      () => check(dir, args),
      (err: unknown) => {
        assert.ok(err instanceof ApiError, String(err));
        assert.equal(err.status, 400);
        assert.match(err.message, message);
        assert.match(err.message, /escapes the server's directory/);
        return true;
      },
      args.join(' '),
    );
  }
});
