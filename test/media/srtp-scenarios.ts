/** Scenarios for the SRTP tests: media-fixtures.ts's UAC and the built-in uas, with SDES. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinScenarioXml } from '../../src/scenario/index.ts';
import { mediaFolder } from './media-fixtures.ts';

export interface SrtpUacOptions {
  readonly actions: string;
  readonly pauseMs: number;
  /** Offer RTP/SAVP with `[srtp_crypto]` (of `suite` when given); false: the RTP/AVP offer. */
  readonly srtp: boolean;
  readonly suite?: string;
  /** `media_port` (default) or `auto_media_port` on the m=audio line. */
  readonly portKeyword?: string;
}

/** The folder and scenario file of a UAC that streams as `actions` say. */
export function srtpUacScenario(o: SrtpUacOptions): { dir: string; scenario: string } {
  const made = mediaFolder({ actions: o.actions, pauseMs: o.pauseMs, portKeyword: o.portKeyword });
  if (!o.srtp) return made;
  const keyword = o.suite === undefined ? '[srtp_crypto]' : `[srtp_crypto suite=${o.suite}]`;
  const xml = readFileSync(made.scenario, 'latin1').replace(
    'RTP/AVP 8\n      a=rtpmap:8 PCMA/8000',
    `RTP/SAVP 8\n      a=rtpmap:8 PCMA/8000\n      ${keyword}`,
  );
  assert.ok(xml.includes(`RTP/SAVP 8\n      a=rtpmap:8 PCMA/8000\n      ${keyword}`));
  writeFileSync(made.scenario, xml);
  return made;
}

/** The built-in uas in `dir`, answering RTP/SAVP with `[srtp_crypto]` when `srtp`. */
export function srtpUasScenario(dir: string, srtp: boolean): string {
  const plain = 'm=audio [media_port] RTP/AVP 0\n      a=rtpmap:0 PCMU/8000';
  const xml = (builtinScenarioXml('uas') ?? '').replace(
    plain,
    srtp
      ? 'm=audio [media_port] RTP/SAVP 0\n      a=rtpmap:0 PCMU/8000\n      [srtp_crypto]'
      : plain,
  );
  assert.equal(xml.includes('[srtp_crypto]'), srtp);
  const file = path.join(dir, `uas-${srtp ? 'srtp' : 'plain'}.xml`);
  writeFileSync(file, xml);
  return file;
}
