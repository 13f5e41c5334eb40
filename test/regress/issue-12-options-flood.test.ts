/**
 * Issue 12, defect 1, as a user meets it: a Gossipper UAS that only answers OPTIONS (every call
 * ends inside the datagram handler, no timer is armed) is flooded with fresh Call-IDs. With a
 * 2 s -deadcall_wait its memory must level off; before the fix every Call-ID was kept for the
 * life of the process (45 -> 136 MB over 240 s at 3,000/s). Bounded: 10,000 datagrams/s for at
 * most 16 s, to loopback only.
 *
 * The Call-IDs are 300+ bytes long, so that what is kept per call outweighs V8's own heap growth
 * between major collections (about 10 MB that comes and goes). Measured on 2 cores: the old code
 * rose from 95 MB at 5 s to 169 MB at 17 s; the fixed one stays within 70-73 MB from 4 s on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseFinalScreens } from '../peers/final-screens.ts';
import { OPTIONS_UAS_XML, optionsRequest } from '../peers/options-uas.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  startGossipper,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const PER_SECOND = 10_000;
const SECONDS = 16;
const BATCH_EVERY_MS = 10;
const PADDING = 'x'.repeat(300);

function options(n: number, port: number): Buffer {
  return Buffer.from(optionsRequest(`flood-${n}-${PADDING}@127.0.0.1`, port), 'latin1');
}

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
  if (m === null) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]);
}

describe('issue 12: an OPTIONS flood on an idle UAS', () => {
  it(
    `memory levels off under ${PER_SECOND}/s fresh Call-IDs with -deadcall_wait 2s`,
    { timeout: 60_000 },
    async () => {
      requireBuiltBin();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-flood-'));
      const xml = path.join(dir, 'options-uas.xml');
      writeFileSync(xml, OPTIONS_UAS_XML);
      const port = await freeUdpPort();
      const dgram = await import('node:dgram');
      const sender = dgram.createSocket('udp4');
      // Answers to flood-1 (sent first, and again at the end) are counted as they come back.
      const firstCallId = Buffer.from(`Call-ID: flood-1-${PADDING}@`, 'latin1');
      let firstCallIdAnswers = 0;
      let onFirstCallIdAnswer = (): void => {};
      sender.on('message', (reply) => {
        if (!reply.includes(firstCallId)) return;
        firstCallIdAnswers++;
        onFirstCallIdAnswer();
      });
      let uas: Peer | undefined;
      try {
        uas = startGossipper([
          '-sf',
          xml,
          '-p',
          String(port),
          '-i',
          '127.0.0.1',
          '-deadcall_wait',
          '2s',
          '-nostdin',
        ]);
        await waitForUdpListener(port, uas);
        const pid = uas.child.pid as number;
        const samples: Array<{ atS: number; kb: number }> = [];
        let sent = 0;
        const perBatch = (PER_SECOND * BATCH_EVERY_MS) / 1000;
        const started = Date.now();
        await new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            const atS = (Date.now() - started) / 1000;
            if (atS >= SECONDS) {
              clearInterval(timer);
              resolve();
              return;
            }
            // Sent by the clock, so a late timer catches up instead of lowering the rate.
            const due = Math.min(Math.floor(atS * PER_SECOND) + perBatch, PER_SECOND * SECONDS);
            while (sent < due) sender.send(options(++sent, port), port, '127.0.0.1');
            if (samples.length === 0 || atS - samples[samples.length - 1].atS >= 0.5)
              samples.push({ atS, kb: rssKb(pid) });
          }, BATCH_EVERY_MS);
        });
        // The first Call-ID again, long after its -deadcall_wait: a new call, not a dead-call
        // message. Its 200 OK (the second for that Call-ID) says the UAS handled it; a dead-call
        // message gets no answer, and the count below then fails.
        await new Promise<void>((resolve) => {
          const giveUp = setTimeout(resolve, 5000);
          onFirstCallIdAnswer = () => {
            if (firstCallIdAnswers < 2) return;
            clearTimeout(giveUp);
            resolve();
          };
          sender.send(options(1, port), port, '127.0.0.1');
        });
        assert.equal(
          firstCallIdAnswers,
          2,
          'the Call-ID reused after the wait was answered as a new call',
        );
        uas.kill('SIGINT');
        const code = await uas.exit(10_000);
        const screens = parseFinalScreens(uas.stdout());
        assert.equal(code, 0, `exit code\n${describeRun(uas)}`);
        const answered = screens.successful.cumulative ?? 0;
        assert.ok(answered >= sent * 0.95, `answered ${answered} of ${sent + 1} OPTIONS`);
        assert.equal(
          screens.extras.get('Dead-call messages'),
          0,
          'a Call-ID reused after the wait is no dead-call message',
        );
        // Warmed up by 5 s (JIT, buffers, the store's first window); from then on, flat.
        const settled = samples.filter((s) => s.atS >= 5 && s.atS < 7).map((s) => s.kb);
        const late = samples.filter((s) => s.atS >= SECONDS - 3).map((s) => s.kb);
        const growthMb = (Math.max(...late) - Math.max(...settled)) / 1024;
        const trace = samples
          .map((s) => `${s.atS.toFixed(1)}s ${(s.kb / 1024).toFixed(1)}MB`)
          .join(', ');
        assert.ok(
          growthMb < 12,
          `RSS grew ${growthMb.toFixed(1)} MB after warm-up (${sent} sent): ${trace}`,
        );
      } finally {
        sender.close();
        killRunning([uas]);
      }
    },
  );
});
