/**
 * Send templates as this run will render them: keywords that are the same for every call are
 * folded into the literal bytes once (scenario/template-specialize.ts), so a message renders
 * only its per-call slots.
 */
import { specializeTemplate } from '../scenario/index.ts';
import type { Command, KeywordSlot, KeywordSource, Template } from '../scenario/index.ts';
import type { Transport } from '../transport/index.ts';
import type { RunContext } from './run-context.ts';

/**
 * Keywords whose value is the same for every call of a run (local_port only on a shared socket).
 */
const RUN_CONSTANT_KEYWORDS = [
  'service',
  'remote_ip',
  'remote_host',
  'remote_port',
  'local_ip',
  'local_ip_type',
  'transport',
  'media_ip',
  'media_ip_type',
  'media_port',
  'pid',
  'sipp_version',
];

/** A stand-in call carrying the run's constant values, for folding templates. */
export function runProbe(ctx: RunContext, transport: Transport): KeywordSource {
  return {
    service: ctx.service,
    remoteIp: ctx.remoteIp,
    remoteHost: ctx.remoteHost,
    remotePort: ctx.remotePort,
    localIp: ctx.localIp,
    localIpType: ctx.localIpType,
    localPort: transport.localAddress.port,
    transport: transport.protocol,
    mediaIp: ctx.mediaIp,
    mediaIpType: ctx.mediaIpType,
    mediaPort: ctx.mediaPort,
    pid: ctx.pid,
    engineId: ctx.engineId,
    userKeywords: ctx.userKeywords,
    callNumber: 0,
    callId: '',
    cseq: 0,
    msgIndex: 0,
    peerTag: '',
    routes: '',
    nextUrl: '',
    lastMessage: null,
    clockTick: () => 0,
    variable: () => '',
  };
}

/** Specialized send templates by command index (undefined for other commands). */
export function runTemplates(
  commands: ReadonlyArray<Command>,
  probe: KeywordSource,
  socketPerCall: boolean,
): Array<Template | undefined> {
  const constant = new Set([...RUN_CONSTANT_KEYWORDS, ...Object.keys(probe.userKeywords)]);
  if (!socketPerCall) constant.add('local_port');
  const isConstant = (slot: KeywordSlot): boolean => constant.has(slot.name);
  return commands.map((c) =>
    c.kind === 'send' ? specializeTemplate(c.template, probe, isConstant) : undefined,
  );
}
