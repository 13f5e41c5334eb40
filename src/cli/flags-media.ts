/** RTP flags (`sipp -h` of SIPp 3.6.1); the injection ones are in flags-injection.ts. */
import type { FlagSpec } from './flag-types.ts';
import type { RtpConfig } from '../config/index.ts';

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
  {
    name: 'rtp_echo',
    group: 'media',
    available: true,
    kind: 'none',
    help: 'Echo every RTP packet received on the media ports back to its sender',
    apply: (ctx) => {
      ctx.config.rtp.echo = true;
    },
  },
  rtpInt(
    'mb',
    '<bytes>',
    'RTP echo buffer size (whole datagrams are read whatever it says)',
    '2048',
    (c, v) => {
      c.echoBufferBytes = v;
    },
  ),
  rtpInt('rtp_payload', '<pt>', 'Default payload type for rtp_stream', '8', (c, v) => {
    c.payloadType = v;
  }),
  rtpInt(
    'rtp_threadtasks',
    '<n>',
    'RTP playback tasks per thread (accepted; one scheduler paces every stream)',
    '20',
    (c, v) => {
      c.threadTasks = v;
    },
  ),
  rtpInt('rtp_buffsize', '<bytes>', 'RTP socket buffer size', '65535', (c, v) => {
    c.socketBufferBytes = v;
  }),
  rtpInt(
    'rtcp_interval',
    '<ms>',
    'Gossipper: ms between the RTCP reports of a call with RTP (0: no RTCP)',
    '5000',
    (c, v) => {
      c.rtcpIntervalMs = v;
    },
  ),
];

function rtpInt(
  name: string,
  argName: string,
  help: string,
  defaultText: string,
  set: (rtp: RtpConfig, v: number) => void,
): FlagSpec {
  return {
    name,
    group: 'media',
    available: true,
    kind: 'int',
    argName,
    help,
    defaultText,
    apply: (ctx, v) => set(ctx.config.rtp, v),
  };
}
