/** `gossipper pcap2scenario <capture> [-out dir] [-sip-port N] [-pcap-link type]`. */
import { readFile, mkdir } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { FlagError } from '../errors.ts';
import type { Io } from '../io.ts';
import { writeFileAtomic } from '../output/index.ts';
import { ConversionError } from './conversion-error.ts';
import { OUTPUT_FILES, PCAP_LINKS, convertCapture, type PcapLink } from './convert-capture.ts';

export const PCAP2SCENARIO_HELP = `Usage: gossipper pcap2scenario <capture.pcap> [-out dir] [-sip-port N]
                                 [-pcap-link type]

Turns the first call (INVITE dialog) of a pcap or pcapng capture into SIPp
scenarios that replay it: ${OUTPUT_FILES.uac} (the caller), ${OUTPUT_FILES.uas}
(the callee), and each side's RTP as ${OUTPUT_FILES.callerRtp} and
${OUTPUT_FILES.calleeRtp}, played with play_pcap_audio. Gossipper and SIPp both
run them. See docs/pcap2scenario.md.

  -out <dir>          folder to write into, made if missing (default: one
                      named after the capture, in the current directory:
                      call.pcap -> ./call/)
  -sip-port <N>       SIP's port (UDP and TCP); 0 (default): any packet that
                      starts like a SIP message
  -pcap-link <type>   read frames as: auto (the file's own, default), ethernet,
                      linux_sll, linux_sll2, raw (IP), loop (BSD loopback)
`;

export interface Pcap2ScenarioOptions {
  readonly input: string;
  readonly out: string | undefined;
  readonly sipPort: number;
  readonly link: PcapLink;
}

export function parsePcap2ScenarioArgs(args: readonly string[]): Pcap2ScenarioOptions | 'help' {
  let input: string | undefined;
  let out: string | undefined;
  let sipPort = 0;
  let link: PcapLink = 'auto';
  for (let i = 0; i < args.length; i++) {
    const flag = args[i].replace(/^--/, '-');
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v === '')
        throw new FlagError('FLAG_MISSING_VALUE', `pcap2scenario: ${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '-help':
        return 'help';
      case '-out':
        out = value();
        break;
      case '-sip-port': {
        const v = value();
        sipPort = Number(v);
        if (!/^\d+$/.test(v) || sipPort > 65535)
          throw new FlagError('FLAG_VALUE', `pcap2scenario: -sip-port "${v}" is not 0..65535`);
        break;
      }
      case '-pcap-link': {
        const v = value();
        if (!Object.hasOwn(PCAP_LINKS, v)) {
          throw new FlagError(
            'FLAG_VALUE',
            `pcap2scenario: -pcap-link "${v}" is not one of ${Object.keys(PCAP_LINKS).join(', ')}`,
          );
        }
        link = v as PcapLink;
        break;
      }
      default:
        if (flag.startsWith('-') || input !== undefined) {
          throw new FlagError(
            'FLAG_UNKNOWN',
            `pcap2scenario: unexpected argument "${args[i]}"`,
            'see gossipper pcap2scenario -h',
          );
        }
        input = args[i];
    }
  }
  if (input === undefined) {
    throw new FlagError(
      'FLAG_MISSING_VALUE',
      'pcap2scenario: no capture file given',
      'see gossipper pcap2scenario -h',
    );
  }
  return { input, out, sipPort, link };
}

/** `call.pcap` → `call`, in the current folder; `call` (no extension) → `call_scenario`. */
function defaultOutDir(input: string): string {
  const ext = extname(input);
  return ext === '' ? `${basename(input)}_scenario` : basename(input, ext);
}

/** Runs `gossipper pcap2scenario`; returns the exit code. */
export async function runPcap2ScenarioCommand(args: readonly string[], io: Io): Promise<number> {
  const o = parsePcap2ScenarioArgs(args);
  if (o === 'help') {
    io.stdout.write(PCAP2SCENARIO_HELP);
    return 0;
  }
  const input = resolve(io.cwd, o.input);
  let bytes: Buffer;
  try {
    bytes = await readFile(input);
  } catch (err) {
    throw new ConversionError(`${o.input}: cannot read: ${(err as Error).message}`);
  }
  // Everything is made in memory first: a capture that fails leaves nothing written.
  const conversion = convertCapture(bytes, o.input, { sipPort: o.sipPort, link: o.link });
  const outDir = resolve(io.cwd, o.out ?? defaultOutDir(input));
  await mkdir(outDir, { recursive: true });
  for (const [name, data] of conversion.files) await writeFileAtomic(join(outDir, name), data);
  io.stdout.write(
    `${conversion.notes.join('\n')}\nwrote ${[...conversion.files.keys()].join(', ')} in ${outDir}\n`,
  );
  return 0;
}
