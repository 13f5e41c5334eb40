/**
 * What SIPp 3.6.1 tolerates, checked against the real thing (issue 14, item 10): odd start lines
 * it answers, `[last_Via:]` copied byte for byte, and scenario XML its own parser loads.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadScenarioXml } from '../../src/scenario/index.ts';
import {
  freeUdpPort,
  killRunning,
  requireBuiltBin,
  sippRequirement,
  startGossipper,
  startSipp,
  waitForUdpListener,
} from '../peers/processes.ts';
import type { Peer } from '../peers/processes.ts';
import { probeUdp, rawRequest } from './udp-probe.ts';

const skip = sippRequirement();

interface Probe {
  startLine: string;
  via?: string;
  /** Whether SIPp answers it (observed). */
  answered: boolean;
}

const PROBES: Probe[] = [
  { startLine: 'INVITE  sip:x@127.0.0.1 SIP/2.0', answered: true },
  { startLine: 'INVITE sip:x@127.0.0.1  SIP/2.0', answered: true },
  { startLine: 'INVITE  SIP/2.0', answered: true },
  { startLine: 'INVITE sip:x@127.0.0.1 SIP/2.0 ', answered: true },
  { startLine: 'INVITE\tsip:x@127.0.0.1 SIP/2.0', answered: false },
  {
    startLine: 'INVITE sip:x@127.0.0.1 SIP/2.0',
    via: 'Via:   SIP/2.0/UDP 127.0.0.1:%p;branch=z9hG4bK-3sp',
    answered: true,
  },
  {
    startLine: 'INVITE sip:x@127.0.0.1 SIP/2.0',
    via: 'Via:\tSIP/2.0/UDP 127.0.0.1:%p;branch=z9hG4bK-tab',
    answered: true,
  },
];

/** The first answer's start line and Via line, or '' when nothing came back. */
async function firstAnswers(start: (args: string[]) => Peer, tag: string): Promise<string[]> {
  const port = await freeUdpPort();
  const uas = start(['-sn', 'uas', '-p', String(port), '-i', '127.0.0.1', '-nostdin']);
  try {
    await waitForUdpListener(port, uas);
    const out: string[] = [];
    for (const [i, p] of PROBES.entries()) {
      const answers = await probeUdp(
        port,
        (lp) => rawRequest(lp, { ...p, callId: `lenient-${tag}-${i}`, method: 'INVITE' }),
        p.answered ? 3000 : 1000,
      );
      const lines = answers[0]?.split('\r\n') ?? [];
      const via = lines.find((l) => /^Via:/i.test(l)) ?? '';
      out.push(answers.length === 0 ? '' : `${lines[0]} | ${via.replace(/:\d+;/, ':N;')}`);
    }
    return out;
  } finally {
    killRunning([uas]);
  }
}

describe('start lines and [last_Via:] against a -sn uas', { skip }, () => {
  it('answers what SIPp answers, with the Via line as received', { timeout: 60_000 }, async () => {
    requireBuiltBin();
    const theirs = await firstAnswers(startSipp, 'sipp');
    assert.deepEqual(
      theirs.map((a) => a !== ''),
      PROBES.map((p) => p.answered),
      'SIPp itself',
    );
    assert.equal(
      theirs[5],
      'SIP/2.0 180 Ringing | Via:   SIP/2.0/UDP 127.0.0.1:N;branch=z9hG4bK-3sp',
    );
    assert.equal(
      theirs[6],
      'SIP/2.0 180 Ringing | Via:\tSIP/2.0/UDP 127.0.0.1:N;branch=z9hG4bK-tab',
    );
    assert.deepEqual(await firstAnswers(startGossipper, 'ours'), theirs);
  });
});

const SEND = (attrs: string): string => `<send ${attrs}>
    <![CDATA[
      OPTIONS sip:x@[remote_ip] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: <sip:a@[local_ip]>;tag=1
      To: <sip:b@[remote_ip]>
      Call-ID: [call_id]
      CSeq: 1 OPTIONS
      Content-Length: 0

    ]]>
  </send>`;

const XML_CASES: Array<{ name: string; body: string; sippLoads: boolean; weLoad: boolean }> = [
  {
    name: 'unknown attribute',
    body: SEND('retrans="500" foo="bar"'),
    sippLoads: true,
    weLoad: true,
  },
  {
    name: `value opened with ' closed with "`,
    body: SEND(`retrans='500"`),
    sippLoads: true,
    weLoad: true,
  },
  {
    name: 'comment never closed',
    body: `${SEND('')}\n  <!-- never closed\n  <pause milliseconds="x"/>`,
    sippLoads: true,
    weLoad: true,
  },
  { name: 'unquoted value', body: SEND('retrans=500'), sippLoads: false, weLoad: false },
  // SIPp reads only double quotes; single-quoted values are XML, and we keep reading them.
  { name: 'single-quoted value', body: SEND(`retrans='500'`), sippLoads: false, weLoad: true },
];

describe('scenario XML SIPp loads', { skip }, () => {
  for (const c of XML_CASES) {
    it(c.name, { timeout: 20_000 }, async () => {
      const xml = `<?xml version="1.0"?>\n<scenario name="t">\n  ${c.body}\n</scenario>\n`;
      const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-lenient-'));
      const file = path.join(dir, 'case.xml');
      writeFileSync(file, xml, 'latin1');
      const target = await freeUdpPort();
      // An OPTIONS that expects nothing: a loaded scenario ends its one call at once, exit 0.
      const sipp = spawnSync(
        'sipp',
        ['-sf', file, `127.0.0.1:${target}`, '-m', '1', '-timeout', '5s', '-nostdin'],
        { cwd: dir, timeout: 15_000, encoding: 'latin1' },
      );
      assert.equal(sipp.status === 0, c.sippLoads, `sipp: ${sipp.stdout.slice(-500)}`);
      let loaded = true;
      try {
        loadScenarioXml(xml, 'case.xml');
      } catch {
        loaded = false;
      }
      assert.equal(loaded, c.weLoad);
    });
  }
});
