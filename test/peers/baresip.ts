/**
 * Debian's baresip (1.0) as a far-end user agent for media interop tests: started with its own
 * config folder (`-f`), SIP on a loopback port (or on the address of a test's network
 * namespace), RTP in a free block, auto-answering, its microphone a WAV file (aufile) and what it
 * hears recorded by the sndfile filter (no audio hardware). Media encryption per account
 * (`mediaenc=srtp-mand`, ...). Ended by PID only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NETNS_IP, type TestNetns } from './netns.ts';
import {
  freeMediaPortBlock,
  freeUdpPort,
  startPeer,
  waitForUdpListener,
  type Peer,
} from './processes.ts';

const MODULES = '/usr/lib/baresip/modules';

function have(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).error === undefined;
}

/**
 * `skip` option for node:test: the media interop tests need baresip and sox (to make tones).
 * Skips locally with a loud reason; throws under CI=true (.ci/run installs both).
 */
export function baresipRequirement(): string | false {
  const missing = [
    have('baresip', ['-h']) ? '' : 'baresip',
    have('sox', ['--version']) ? '' : 'sox',
  ].filter((m) => m !== '');
  if (missing.length === 0) return false;
  const install = `apt-get install -y ${missing.join(' ')}`;
  if (process.env.CI === 'true')
    throw new Error(`${missing.join(' and ')} required in CI (${install}) but not found`);
  const why = `${missing.join(' and ')} not installed: baresip interop test NOT RUN (${install})`;
  process.stderr.write(`\n!!! ${why}\n`);
  return why;
}

export interface BaresipOptions {
  /** What baresip sends as its microphone: a WAV, 8 kHz mono signed 16-bit (aufile's rule). */
  readonly sourceWav: string;
  /** Its media encryption: `srtp`, `srtp-mand`, `srtp-mandf`, `dtls_srtp`; none: clear. */
  readonly mediaenc?: string;
  /** Codecs it offers and accepts, in order; default PCMA, PCMU. */
  readonly codecs?: readonly string[];
  /** The account's user (the Request-URI user it answers); default `service` (our [service]). */
  readonly user?: string;
  /** Extra modules to load (e.g. `dtls_srtp.so`). */
  readonly modules?: readonly string[];
  /** Its media NAT traversal (`ice` with ice.so loaded); none: plain host addresses. */
  readonly medianat?: string;
  /** A SIP URI it calls once started (through the menu module's `/dial`); none: it only answers. */
  readonly dial?: string;
  /** RTCP on the RTP port (`rtcp_mux yes`); default its own port (no a=rtcp-mux offered). */
  readonly rtcpMux?: boolean;
  /**
   * Run it inside this namespace, on its address (ports drawn free on the host are free there
   * too: the namespace is new); default loopback.
   */
  readonly netns?: TestNetns;
}

export interface Baresip {
  /** Its SIP port on 127.0.0.1 (or the namespace's address). */
  readonly port: number;
  readonly pid: number;
  /** Its folder: config, accounts and the recordings. */
  readonly dir: string;
  readonly peer: Peer;
  /** The WAV it decoded in its last call (sndfile's `-dec` dump); undefined if none. */
  recordedFile(): string | undefined;
  /** Asks it to quit (SIGTERM to its PID) and waits for it (bounded); its exit code. */
  stop(): Promise<number>;
}

export async function startBaresip(o: BaresipOptions): Promise<Baresip> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gossipper-baresip-'));
  const port = await freeUdpPort();
  const rtp = await freeMediaPortBlock();
  const ip = o.netns === undefined ? '127.0.0.1' : NETNS_IP;
  const modules = ['g711.so', 'aufile.so', 'sndfile.so', 'srtp.so', ...(o.modules ?? [])];
  if (o.dial !== undefined) modules.push('menu.so');
  const config = [
    'poll_method epoll',
    `sip_listen ${ip}:${port}`,
    // Else its SDP names the host's first interface, not loopback.
    `net_interface ${ip}`,
    `audio_source aufile,${o.sourceWav}`,
    `rtp_ports ${rtp}-${rtp + 3}`,
    `rtcp_mux ${o.rtcpMux === true ? 'yes' : 'no'}`,
    `module_path ${MODULES}`,
    ...modules.map((m) => `module ${m}`),
    'module_app account.so',
    `snd_path ${dir}`,
    '',
  ];
  writeFileSync(path.join(dir, 'config'), config.join('\n'));
  const params = [
    'regint=0',
    'answermode=auto',
    `audio_codecs=${(o.codecs ?? ['PCMA', 'PCMU']).join(',')}`,
    ...(o.mediaenc === undefined ? [] : [`mediaenc=${o.mediaenc}`]),
    ...(o.medianat === undefined ? [] : [`medianat=${o.medianat}`]),
  ];
  writeFileSync(
    path.join(dir, 'accounts'),
    `<sip:${o.user ?? 'service'}@${ip}>;${params.join(';')}\n`,
  );
  const args = ['-f', dir, '-v', ...(o.dial === undefined ? [] : ['-e', `/dial ${o.dial}`])];
  const peer =
    o.netns === undefined ? startPeer('baresip', args, dir) : o.netns.start('baresip', args, dir);
  try {
    await (o.netns === undefined
      ? waitForUdpListener(port, peer, 10_000)
      : o.netns.waitForUdpListener(port, peer, 10_000));
  } catch (err) {
    peer.kill('SIGKILL');
    throw err;
  }
  return {
    port,
    pid: peer.child.pid ?? -1,
    dir,
    peer,
    recordedFile: () => {
      const dumps = readdirSync(dir)
        .filter((f) => f.startsWith('dump-') && f.endsWith('-dec.wav'))
        .sort();
      return dumps.length === 0 ? undefined : path.join(dir, dumps[dumps.length - 1]);
    },
    stop: async () => {
      peer.kill('SIGTERM');
      return peer.exit(5000);
    },
  };
}
