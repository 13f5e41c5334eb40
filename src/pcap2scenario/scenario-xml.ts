/**
 * A call flow to the SIPp XML scenario of one party: its messages become `<send>`s, the
 * other's `<recv>`s. The caller's scenario is the UAC, the callee's the UAS. After the ACK that
 * sets up the call the party plays its captured RTP, and whoever hung up waits the captured
 * time before doing so.
 */
import type { SipAddresses } from './address-template.ts';
import type { CallFlow, FlowStep, Party } from './call-flow.ts';
import { CALLER_TAG_VARIABLE, templateMessage, type TemplateContext } from './message-template.ts';
import { cseqOf, headerValue, tagOf, type SipText } from './sip-text.ts';

export interface ScenarioOptions {
  readonly party: Party;
  /** The party's RTP capture, played after the ACK; undefined when it sent none. */
  readonly rtpFile: string | undefined;
  /** Lines of the comment at the top (where it came from, how to run it). */
  readonly notes: readonly string[];
}

/** Retransmission interval of a `<send>` over UDP (SIPp ignores it on TCP), as SIPp's uac. */
const RETRANS_MS = 500;

export function scenarioXml(flow: CallFlow, o: ScenarioOptions): string {
  const commands = new CommandList(flow, o.party);
  let inviteFinal = 0;
  flow.steps.forEach((step, i) => {
    if (step.sip.method === '' && cseqOf(step.sip).method === 'INVITE' && step.sip.status >= 200)
      inviteFinal = step.sip.status;
    const isOwn = step.from === o.party;
    if (isOwn) commands.send(step, i);
    else commands.recv(step, i);
    const isCallAck = step.sip.method === 'ACK' && inviteFinal >= 200 && inviteFinal < 300;
    if (isCallAck) {
      commands.established = true;
      if (o.rtpFile !== undefined) commands.playRtp(o.rtpFile);
    }
  });
  const role = o.party === 'caller' ? 'UAC' : 'UAS';
  return [
    '<?xml version="1.0" encoding="ISO-8859-1" ?>',
    '<!DOCTYPE scenario SYSTEM "sipp.dtd">',
    '',
    `<!-- ${o.notes.map(commentText).join('\n     ')} -->`,
    '',
    `<scenario name="${attributeText(`pcap2scenario ${role}`)}">`,
    ...commands.elements,
    '</scenario>',
    '',
  ].join('\n');
}

class CommandList {
  readonly elements: string[] = [];
  established = false;
  private count = 0;
  private readonly branchAt = new Map<string, number>();
  private lastReceived: SipText | undefined;
  private readonly context: Omit<TemplateContext, 'branchKeyword' | 'lastReceived'>;
  private readonly sendsRequests: boolean;

  constructor(
    private readonly flow: CallFlow,
    private readonly party: Party,
  ) {
    const own = party === 'caller' ? flow.caller : flow.callee;
    const other = party === 'caller' ? flow.callee : flow.caller;
    const addresses: SipAddresses = { local: own, remote: other };
    const first = flow.steps[0].sip;
    this.context = {
      party,
      addresses,
      callId: flow.callId,
      serviceUser: /^sips?:([^@;]+)@/.exec(first.requestUri)?.[1] ?? '',
      ownTags: tagsOf(flow.steps, party),
      peerTags: tagsOf(flow.steps, party === 'caller' ? 'callee' : 'caller'),
    };
    this.sendsRequests = flow.steps.some((s) => s.from === party && s.sip.method !== '');
  }

  send(step: FlowStep, i: number): void {
    const sip = step.sip;
    const isRequest = sip.method !== '';
    if (isRequest && this.established && i > 0) {
      const gapMs = Math.round((step.timeUs - this.flow.steps[i - 1].timeUs) / 1000);
      if (gapMs > 0) this.push(`  <pause milliseconds="${gapMs}"/>`);
    }
    const index = this.count;
    const lines = templateMessage(sip, {
      ...this.context,
      lastReceived: this.lastReceived,
      branchKeyword: (branch) => this.branchKeyword(branch, index),
    });
    const retransmits =
      (isRequest && sip.method !== 'ACK') ||
      (!isRequest && sip.status >= 200 && sip.status < 300 && cseqOf(sip).method === 'INVITE');
    const attrs = retransmits ? ` retrans="${RETRANS_MS}"` : '';
    this.push(
      [
        `  <send${attrs}>`,
        '    <![CDATA[',
        '',
        ...lines.map((l) => (l === '' ? '' : `      ${cdataText(l)}`)),
        '',
        '    ]]>',
        '  </send>',
      ].join('\n'),
    );
  }

  recv(step: FlowStep, i: number): void {
    const sip = step.sip;
    this.lastReceived = sip;
    if (sip.method !== '') {
      const isFirst = i === 0;
      // The UAS needs the caller's tag for the requests it sends (no response carries it).
      const action =
        isFirst && this.party === 'callee' && this.sendsRequests
          ? [
              '    <action>',
              `      <ereg regexp=";tag=[^;>, ]+" search_in="hdr" header="From:" assign_to="${CALLER_TAG_VARIABLE}"/>`,
              '    </action>',
            ]
          : [];
      this.push(
        action.length === 0
          ? `  <recv request="${sip.method}"/>`
          : [`  <recv request="${sip.method}">`, ...action, '  </recv>'].join('\n'),
      );
      return;
    }
    const next = this.flow.steps[i + 1];
    // A provisional answer may not come in a replay (or come twice); it is waited for only
    // when this party answers it (a PRACK).
    const optional = sip.status < 200 && next?.from !== this.party;
    const auth = (sip.status === 401 || sip.status === 407) && this.party === 'caller';
    const attrs = `${optional ? ' optional="true"' : ''}${auth ? ' auth="true"' : ''}`;
    this.push(`  <recv response="${sip.status}"${attrs}/>`);
  }

  playRtp(file: string): void {
    this.push(
      [
        '  <nop>',
        '    <action>',
        `      <exec play_pcap_audio="${attributeText(file)}"/>`,
        '    </action>',
        '  </nop>',
      ].join('\n'),
    );
  }

  private push(element: string): void {
    this.elements.push(element);
    this.count++;
  }

  /** `[branch]` for a new transaction; `[branch-N]` pointing back to its first message. */
  private branchKeyword(branch: string, index: number): string {
    const first = branch === '' ? undefined : this.branchAt.get(branch);
    if (first === undefined) {
      if (branch !== '') this.branchAt.set(branch, index);
      return '[branch]';
    }
    return `[branch-${index - first}]`;
  }
}

/** Tags a party put in the capture: From of its requests, To of its responses. */
function tagsOf(steps: readonly FlowStep[], party: Party): Set<string> {
  const tags = new Set<string>();
  for (const s of steps) {
    if (s.from !== party) continue;
    const tag = tagOf(headerValue(s.sip.headers, s.sip.method !== '' ? 'From' : 'To'));
    if (tag !== '') tags.add(tag);
  }
  return tags;
}

/** XML comments may not hold `--`. */
function commentText(s: string): string {
  return s.replace(/--/g, '- -');
}

function attributeText(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `]]>` would end the CDATA section early. */
function cdataText(s: string): string {
  return s.replace(/]]>/g, ']]]]><![CDATA[>');
}
