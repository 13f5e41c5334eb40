/**
 * HEP3 export to a Homer collector (docs/hep.md; reference §B18). First in `gossipper sipp -h`,
 * as the reference lists it.
 */
import { FlagError } from '../errors.ts';
import type { FlagSpec } from './flag-types.ts';
import { parseHostAndPort } from './value-parsers.ts';

const MAX_CAPTURE_ID = 0xffffffff;

export const HEP_FLAGS: readonly FlagSpec[] = [
  {
    name: 'hep_addr',
    group: 'hep',
    available: true,
    kind: 'string',
    argName: '<host:port>',
    help: 'Gossipper: mirror every SIP message sent or received to this HEP3 collector (Homer) over UDP; never slows calls: packets that cannot leave at once are dropped and counted',
    apply: (ctx, v) => {
      ctx.config.hep.addr = parseHostAndPort('-hep_addr', v);
    },
  },
  {
    name: 'hep_capture_id',
    group: 'hep',
    available: true,
    kind: 'int',
    argName: '<id>',
    help: 'Gossipper: HEP capture agent (node) id sent with every packet',
    defaultText: '0',
    apply: (ctx, v) => {
      if (v < 0 || v > MAX_CAPTURE_ID) {
        throw new FlagError(
          'FLAG_VALUE',
          `-hep_capture_id: "${v}" is not an id in 0..${MAX_CAPTURE_ID}`,
        );
      }
      ctx.config.hep.captureId = v;
    },
  },
  {
    name: 'hep_password',
    group: 'hep',
    available: true,
    kind: 'string',
    argName: '<key>',
    help: 'Gossipper: HEP auth key sent with every packet (none by default)',
    apply: (ctx, v) => {
      ctx.config.hep.password = v;
    },
  },
  {
    name: 'hep_raw_rtcp',
    group: 'hep',
    available: true,
    kind: 'none',
    help: 'Gossipper: also send every RTCP packet of the calls (sent and received) as HEP type 5, raw, correlated by Call-ID',
    apply: (ctx) => {
      if (ctx.config.hep.rtcp !== 'homer-lake') ctx.config.hep.rtcp = 'raw';
    },
  },
  {
    name: 'hep_homer_lake_rtcp',
    group: 'hep',
    available: true,
    kind: 'none',
    help: 'Gossipper: send the RTCP packets as HEP type 5 JSON (Homer-Lake form); wins over -hep_raw_rtcp',
    apply: (ctx) => {
      ctx.config.hep.rtcp = 'homer-lake';
    },
  },
  {
    name: 'send_media_report',
    group: 'hep',
    available: true,
    kind: 'none',
    help: 'Gossipper: every 10 s, a short JSON report per RTP stream the calls send (HEP type 35) and the DTMF they received (HEP type 100)',
    apply: (ctx) => {
      ctx.config.hep.mediaReport = true;
    },
  },
];
