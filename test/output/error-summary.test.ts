process.env.TZ = 'UTC';

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorSummaryText } from '../../src/output/index.ts';

const AT = Date.UTC(2026, 11, 7, 2, 7, 25) + 766.585;

test('no error, no text', () => {
  assert.equal(errorSummaryText({ count: 0, last: '', atMs: 0 }), '');
});

test("one error: only the latest, with SIPp's timestamp", () => {
  assert.equal(
    errorSummaryText({ count: 1, last: 'Aborting call', atMs: AT }),
    '2026-12-07\t02:07:25.766585\t1796609245.766585: Aborting call\n',
  );
});

test('more errors: where to find them, with or without -trace_err', () => {
  const errors = { count: 5, last: 'Aborting call', atMs: AT };
  assert.equal(
    errorSummaryText(errors).split('\n')[1],
    'There were more errors, enable -trace_err to log them.',
  );
  assert.equal(
    errorSummaryText(errors, '/tmp/uac_1_errors.log').split('\n')[1],
    "There were more errors, see '/tmp/uac_1_errors.log' file",
  );
});
