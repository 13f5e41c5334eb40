/**
 * Which local port each kind of media of a call uses, read from the scenario's send templates
 * once at load. SIPp sets a call's media source port where `[media_port]` or
 * `[auto_media_port]` is rendered on an `m=audio|video|image` line (call.cpp: "port number is
 * set in [auto_]media_port interpolation"); `[media_port]` is one port for the whole run,
 * `[auto_media_port]` one block of 4 per call.
 */
import type { Scenario } from '../scenario/index.ts';

export type MediaKind = 'audio' | 'video' | 'image';

export interface PortRule {
  /** `[auto_media_port]`: a port block per call; else the run's `[media_port]`. */
  readonly perCall: boolean;
  /** The keyword's `+N` offset. */
  readonly offset: number;
}

export type MediaPlan = Readonly<Record<MediaKind, PortRule>>;

/** Without a keyword in any template, SIPp's defaults: audio on media_port, video on +2. */
const DEFAULT_PLAN: MediaPlan = {
  audio: { perCall: false, offset: 0 },
  video: { perCall: false, offset: 2 },
  image: { perCall: false, offset: 4 },
};

const KIND = /(audio|video|image)[^\n]*$/;

/** The last rule each kind is given by the scenario's templates (later sends win, as in SIPp). */
export function planMedia(scenario: Scenario): MediaPlan {
  const plan: Record<MediaKind, PortRule> = { ...DEFAULT_PLAN };
  for (const cmd of scenario.commands) {
    if (cmd.kind !== 'send') continue;
    let lineSoFar = '';
    for (const part of cmd.template.parts) {
      if (Buffer.isBuffer(part)) {
        const text = part.toString('latin1');
        const nl = text.lastIndexOf('\n');
        lineSoFar = nl >= 0 ? text.slice(nl + 1) : lineSoFar + text;
        continue;
      }
      if (part.name === 'media_port' || part.name === 'auto_media_port') {
        const kind = KIND.exec(lineSoFar)?.[1] as MediaKind | undefined;
        if (kind !== undefined)
          plan[kind] = { perCall: part.name === 'auto_media_port', offset: part.offset };
      }
      lineSoFar += '\u0000';
    }
  }
  return plan;
}

/** The local port of `kind` for call number `callNumber` (SIPp's [auto_media_port] formula). */
export function localMediaPort(
  plan: MediaPlan,
  kind: MediaKind,
  mediaPort: number,
  callNumber: number,
): number {
  const rule = plan[kind];
  return rule.perCall
    ? mediaPort + ((4 * (callNumber - 1)) % 10000) + rule.offset
    : mediaPort + rule.offset;
}
