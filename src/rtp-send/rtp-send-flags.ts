/**
 * The flags of `gossipper -rtp_send` (reference §B1.19), read into the sender's own config. They
 * are not scenario flags: `gossipper sipp -h` does not list them (the reference hides them
 * there); `gossipper -rtp_send -h` does.
 */
import { FlagError } from '../errors.ts';
import { CODEC_NAMES, findSilenceCodec, type SilenceCodec } from './silence-frames.ts';

export interface RtpSendConfig {
  readonly host: string;
  readonly port: number;
  readonly codec: SilenceCodec;
  readonly payloadType: number;
  readonly frameMs: number;
  readonly durationMs: number;
  readonly channels: number;
  /** `-mp`: the RTP source port (RTCP from the next one); 0 = chosen by the system. */
  readonly localPort: number;
  /** `-mi`: the address to send from; undefined = any. */
  readonly bindIp?: string;
  readonly rtcp: boolean;
  /** `-rtp_tone`: a sine of this many Hz instead of silence (G.711); undefined: silence. */
  readonly toneHz?: number;
}

export const RTP_SEND_HELP = `Usage: gossipper -rtp_send -rtp_addr <host:port> [options]

Sends one RTP stream of silence frames, without SIP, then prints
"sent=<packets> octets=<payload bytes> rtcp_sr=<sender reports>".

  -rtp_addr <host:port>  where to send (required)
  -rtp_codec <name>      ${CODEC_NAMES.join(', ')} (default PCMU)
  -rtp_pt <n>            payload type (default: the codec's, 0 8 9 111 13)
  -rtp_freq <ms>         packet time (default 20)
  -rtp_dur <ms>          how long to send (default 10000)
  -rtp_ch <n>            channels (default 1)
  -rtp_rtcp on|off       RTCP sender reports to port+1, every 500 ms (default on)
  -rtp_tone <Hz>         a sine instead of silence (PCMU, PCMA; packet time dividing 1000)
  -mp <port>             local RTP port, RTCP on port+1 (default: any)
  -mi <ip>               local address to send from (default: any)
`;

const VALUE_FLAGS = [
  'rtp_addr',
  'rtp_codec',
  'rtp_pt',
  'rtp_freq',
  'rtp_dur',
  'rtp_ch',
  'rtp_rtcp',
  'rtp_tone',
  'mp',
  'mi',
];

/** The sender's config from argv (which holds `-rtp_send`), or 'help'. */
export function parseRtpSendArgs(argv: readonly string[]): RtpSendConfig | 'help' {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-rtp_send') continue;
    if (token === '-h' || token === '-help' || token === '--help') return 'help';
    const name = token.startsWith('-') ? token.slice(1) : '';
    if (!VALUE_FLAGS.includes(name)) {
      throw new FlagError(
        'FLAG_UNKNOWN',
        `-rtp_send: "${token}" is not one of its flags`,
        `it takes ${VALUE_FLAGS.map((f) => `-${f}`).join(', ')} (gossipper -rtp_send -h)`,
      );
    }
    const value = argv[++i];
    if (value === undefined)
      throw new FlagError('FLAG_MISSING_VALUE', `-rtp_send: ${token} needs a value`);
    values.set(name, value);
  }
  const addr = values.get('rtp_addr');
  if (addr === undefined)
    throw new FlagError('FLAG_MISSING_VALUE', '-rtp_send needs -rtp_addr <host:port>');
  const { host, port } = hostPort(addr);
  const codecName = values.get('rtp_codec') ?? 'PCMU';
  const codec = findSilenceCodec(codecName);
  if (codec === undefined) {
    throw new FlagError(
      'FLAG_VALUE',
      `-rtp_codec ${codecName}: not one of ${CODEC_NAMES.join(', ')}`,
    );
  }
  const frameMs = int(values, 'rtp_freq', 20, 1, 1000);
  const channels = int(values, 'rtp_ch', 1, 1, 8);
  // The frame is made once here, so a packet time the codec cannot frame is refused now.
  codec.frame(frameMs, channels);
  const rtcp = values.get('rtp_rtcp') ?? 'on';
  if (rtcp !== 'on' && rtcp !== 'off')
    throw new FlagError('FLAG_VALUE', `-rtp_rtcp ${rtcp}: expected on or off`);
  const toneHz = values.has('rtp_tone') ? int(values, 'rtp_tone', 0, 1, 3999) : undefined;
  if (toneHz !== undefined && codec.name !== 'PCMU' && codec.name !== 'PCMA')
    throw new FlagError(
      'FLAG_VALUE',
      `-rtp_tone: only PCMU and PCMA carry a tone, not ${codec.name}`,
    );
  if (toneHz !== undefined && 1000 % frameMs !== 0)
    throw new FlagError(
      'FLAG_VALUE',
      `-rtp_tone needs a packet time dividing 1000 ms, not ${frameMs}`,
    );
  return {
    host,
    port,
    codec,
    toneHz,
    payloadType: int(values, 'rtp_pt', codec.payloadType, 0, 127),
    frameMs,
    durationMs: int(values, 'rtp_dur', 10_000, 1, 24 * 3600 * 1000),
    channels,
    localPort: int(values, 'mp', 0, 0, 65534),
    bindIp: values.get('mi'),
    rtcp: rtcp === 'on',
  };
}

function int(
  values: ReadonlyMap<string, string>,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max)
    throw new FlagError('FLAG_VALUE', `-${name} ${text}: expected an integer ${min}..${max}`);
  return n;
}

/** `host:port` or `[v6]:port`. */
function hostPort(text: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\]:(\d+)$/.exec(text) ?? /^([^:]+):(\d+)$/.exec(text);
  const port = m === null ? NaN : Number(m[2]);
  if (m === null || !(port >= 1 && port <= 65535))
    throw new FlagError('FLAG_VALUE', `-rtp_addr ${text}: expected host:port (port 1..65535)`);
  return { host: m[1], port };
}
