/**
 * Gossipper's UAC with an injection file (`-inf`) against real SIPp as the UAS: the INVITEs
 * SIPp receives (its `-trace_msg` file) carry the fields of the lines each call was given,
 * SEQUENTIAL from the first line, a second file through file=, and a PRINTF file's formatting.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import {
  describeRun,
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';

const CALLS = 4;
const EXIT_WITHIN_MS = 20_000;

/** The built-in uac with field headers added to its INVITE. */
function uacWithFields(): string {
  const xml = builtinScenarioXml('uac') ?? assert.fail('no built-in uac');
  const extra =
    'Subject: Performance Test\n      X-User: [field0]\n      X-Pass: [field1]\n' +
    '      X-Callee: [field0 file="callee.csv"]\n      X-Ext: [field0 file="ext.csv"]';
  return xml.replace('Subject: Performance Test', extra);
}

describe('Gossipper -inf UAC → sipp -sn uas', { skip: sippRequirement() }, () => {
  it(
    'sipp receives the injected fields, call by call',
    { timeout: EXIT_WITHIN_MS + 5000 },
    async () => {
      requireBuiltBin();
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-inf-interop-'));
      const [uasPort, uacPort] = [await freeUdpPort(), await freeUdpPort()];
      let ours: Peer | undefined;
      let sipp: Peer | undefined;
      try {
        writeFileSync(path.join(dir, 'uac-inf.xml'), uacWithFields());
        writeFileSync(
          path.join(dir, 'users.csv'),
          'SEQUENTIAL\n#users\nalice;pw1\nbob;pw2\ncarol;pw3\n',
        );
        writeFileSync(path.join(dir, 'callee.csv'), 'SEQUENTIAL\nsip:100@x\nsip:200@x\n');
        writeFileSync(path.join(dir, 'ext.csv'), 'SEQUENTIAL,PRINTF=10,PRINTFOFFSET=7000\n%05d\n');
        const trace = path.join(dir, 'uas-messages.log');
        sipp = startSipp([
          '-sn',
          'uas',
          '-i',
          '127.0.0.1',
          '-p',
          String(uasPort),
          '-m',
          String(CALLS),
          '-trace_msg',
          '-message_file',
          trace,
          '-nostdin',
        ]);
        await waitForUdpListener(uasPort, sipp);
        ours = startGossipper(
          [
            `127.0.0.1:${uasPort}`,
            '-sf',
            'uac-inf.xml',
            '-inf',
            'users.csv',
            '-inf',
            'callee.csv',
            '-inf',
            'ext.csv',
            '-i',
            '127.0.0.1',
            '-p',
            String(uacPort),
            '-m',
            String(CALLS),
            '-r',
            '20',
            '-nostdin',
          ],
          dir,
        );
        const [ourCode, sippCode] = await Promise.all([
          ours.exit(EXIT_WITHIN_MS),
          sipp.exit(EXIT_WITHIN_MS),
        ]);
        assert.equal(ourCode, 0, `gossipper exit code\n${describeRun(ours)}`);
        assert.equal(sippCode, 0, `sipp exit code\n${describeRun(sipp)}`);
        const received = readFileSync(trace, 'latin1');
        const header = (name: string): string[] =>
          [...received.matchAll(new RegExp(`^${name}: (.*?)\\r?$`, 'gm'))].map((m) => m[1]);
        assert.deepEqual(header('X-User'), ['alice', 'bob', 'carol', 'alice']);
        assert.deepEqual(header('X-Pass'), ['pw1', 'pw2', 'pw3', 'pw1']);
        assert.deepEqual(header('X-Callee'), ['sip:100@x', 'sip:200@x', 'sip:100@x', 'sip:200@x']);
        assert.deepEqual(header('X-Ext'), ['07000', '07001', '07002', '07003']);
      } finally {
        killRunning([sipp, ours]);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
