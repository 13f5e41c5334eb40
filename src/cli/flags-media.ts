/** RTP flags (`sipp -h` of SIPp 3.6.1); the injection ones are in flags-injection.ts. */
import type { FlagSpec } from './flag-types.ts';
import { notYet } from './flag-builders.ts';

export const MEDIA_FLAGS: readonly FlagSpec[] = [
  {
    name: 'mi',
    group: 'media',
    available: true,
    kind: 'string',
    argName: '<ip>',
    help: 'Media IP ([media_ip])',
    defaultText: 'local IP',
    apply: (ctx, v) => {
      ctx.config.mediaIp = v;
    },
  },
  {
    name: 'mp',
    group: 'media',
    available: true,
    kind: 'int',
    argName: '<port>',
    help: 'Local media port ([media_port])',
    defaultText: '6000',
    apply: (ctx, v) => {
      ctx.config.mediaPort = v;
    },
  },
  notYet('media', 'rtp_echo', '', 'Echo received RTP back to its sender'),
  notYet('media', 'mb', '<bytes>', 'RTP echo buffer size', '2048'),
  notYet('media', 'rtp_payload', '<pt>', 'Default payload type for rtp_stream', '8'),
  notYet('media', 'rtp_threadtasks', '<n>', 'RTP playback tasks per thread', '20'),
  notYet('media', 'rtp_buffsize', '<bytes>', 'RTP socket buffer size', '65535'),
];
