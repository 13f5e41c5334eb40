import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseExtrasCount,
  parseExtrasPercentiles,
  parseFinalScreen,
  parseRttCsv,
  sumRetransmissions,
} from '../../bench/screen-parse.ts';

// Shapes captured from sipp 3.6.1 (-sn uas / -sn uac, -nostdin, stdout redirected); the
// Retrans counts are edited so server and client rows with numeric names are exercised.
const UAS_SCREEN = `------------------------------ Scenario Screen -------- [1-9]: Change Screen --
  Port   Total-time  Total-calls  Transport
  59888      5.21 s         4000  UDP

  Call limit 4000 hit, 0.0 s period       0 ms scheduler resolution
  0 calls                                 Peak was 3998 calls, after 1 s
                                 Messages  Retrans   Timeout   Unexpected-Msg
  ----------> INVITE             4000      2         0         0

  <---------- 180                4000      0
  <---------- 200                4000      3         0
  ----------> ACK         E-RTD1 4000      0         0         0

  ----------> BYE                4000      0         0         0
  <---------- 200                4000      0
  [   4000ms] Pause              4000                          0
------------------------------ Test Terminated --------------------------------
----------------------------- Statistics Screen ------- [1-9]: Change Screen --
  Elapsed Time           | 00:00:00:002000           | 00:00:00:002000
  Call Rate              |    0.000 cps              |  767.165 cps
-------------------------+---------------------------+--------------------------
  Incoming calls created |        0                  |     4000
  Outgoing calls created |        0                  |        0
  Total Calls created    |                           |     4000
-------------------------+---------------------------+--------------------------
  Successful call        |        0                  |     3990
  Failed call            |        0                  |       10
------------------------------ Test Terminated --------------------------------
`;

const UAC_SCREEN = `[    1.0 s] rate 99.7 cps, created 100, current 1, successful 99, failed 0, retrans 7
  0 calls (limit 1500)                    Peak was 11 calls, after 0 s
                                 Messages  Retrans   Timeout   Unexpected-Msg
      INVITE ---------->         500       1         0
         100 <----------         0         0         0         0
         200 <----------  E-RTD1 500       0         0         0
         ACK ---------->         500       0
       Pause [      0ms]         500                           0
         BYE ---------->         500       4         0
         200 <----------         500       0         0         0

------------------------------ Test Terminated --------------------------------
  Call Rate              |    0.000 cps              |  497.018 cps
  Outgoing calls created |        0                  |      500
  Successful call        |        0                  |      500
  Failed call            |        0                  |        0
------------------------------ Gossipper extras -------------------------------
  Percentiles (ms)       |      p50 |      p90 |      p99 |      max
-------------------------+----------+----------+----------+----------
  Response Time 1        |    1.788 |    2.167 |    3.623 |    6.385
  Call Length            |    2.200 |    3.111 |    4.880 |    7.586
`;

test('server screen: counters are the cumulative column and retransmissions sum every row', () => {
  const s = parseFinalScreen(UAS_SCREEN);
  assert.equal(s.incomingCreated, 4000);
  assert.equal(s.outgoingCreated, 0);
  assert.equal(s.successful, 3990);
  assert.equal(s.failed, 10);
  assert.equal(s.callRateCps, 767.165);
  assert.equal(s.peakCalls, 3998);
  // INVITE 2 + numeric-named "200" server row 3: the name must not be read as a count.
  assert.equal(s.retransmissions, 5);
});

test('client screen: retransmissions from rows with the arrow after the name', () => {
  assert.equal(sumRetransmissions(UAC_SCREEN), 5);
  const s = parseFinalScreen(UAC_SCREEN);
  assert.equal(s.outgoingCreated, 500);
  assert.equal(s.peakCalls, 11);
  assert.equal(s.callRateCps, 497.018);
});

test('only the last scenario screen counts', () => {
  const early = UAC_SCREEN.replace(
    'INVITE ---------->         500       1',
    'INVITE ---------->         9       9',
  );
  assert.equal(sumRetransmissions(`${early}\n${UAC_SCREEN}`), 5);
});

test('missing fields are NaN, not zero', () => {
  const s = parseFinalScreen('sipp: some fatal error\n');
  assert.ok(Number.isNaN(s.successful));
  assert.ok(Number.isNaN(s.retransmissions));
  assert.ok(Number.isNaN(s.peakCalls));
});

test('extras percentiles by label', () => {
  assert.deepEqual(parseExtrasPercentiles(UAC_SCREEN), {
    p50Ms: 1.788,
    p90Ms: 2.167,
    p99Ms: 3.623,
    maxMs: 6.385,
  });
  assert.equal(parseExtrasPercentiles(UAC_SCREEN, 'Call Length')?.p99Ms, 4.88);
  assert.equal(parseExtrasPercentiles(UAS_SCREEN), undefined);
});

test('rtt csv: header skipped, only the asked rtd kept', () => {
  const csv = 'Date_ms;response_time_ms;rtd_no\n4.001;0;1\n8.001;4;1\n9.5;7;bye\n\n';
  assert.deepEqual(parseRttCsv(csv, '1'), [0, 4]);
  assert.deepEqual(parseRttCsv(csv, 'bye'), [7]);
});

// The count rows of a Gossipper UAS's extras block after an OPTIONS flood (bench hostile, UDP).
const FLOODED_UAS_EXTRAS = `------------------------------ Gossipper extras -------------------------------
  Percentiles (ms)       |      p50 |      p90 |      p99 |      max
-------------------------+----------+----------+----------+----------
  Response Time 1        |    0.164 |    0.389 |    2.519 |   12.569
  Call Length            |    0.000 | 4005.887 | 4005.887 | 4031.555
-------------------------+----------+----------+----------+----------
  Malformed messages     |     3215
  Calls skipped by -l    |        0
  Out-of-call messages   |     3199
  Dead-call messages     |        0
  Retransmissions        |        0
  Failed unexpected msg  |    32151
`;

test('extras counts by label pattern: either name of a renamed row; NaN without the block', () => {
  const malformed = /Malformed (?:datagrams|messages)/;
  assert.equal(parseExtrasCount(FLOODED_UAS_EXTRAS, malformed), 3215);
  assert.equal(
    parseExtrasCount(
      FLOODED_UAS_EXTRAS.replace('Malformed messages', 'Malformed datagrams'),
      malformed,
    ),
    3215,
  );
  assert.equal(parseExtrasCount(FLOODED_UAS_EXTRAS, /Out-of-call messages/), 3199);
  // A pattern with groups of its own still yields the count, not the group.
  assert.equal(parseExtrasCount(FLOODED_UAS_EXTRAS, /Failed (unexpected) msg/), 32151);
  // A percentile row is not a count row.
  assert.ok(Number.isNaN(parseExtrasCount(FLOODED_UAS_EXTRAS, /Call Length/)));
  assert.ok(Number.isNaN(parseExtrasCount(UAS_SCREEN, malformed)), 'SIPp prints no extras');
});
