/**
 * The files a scenario's media actions name (`play_pcap_*`, a file `rtp_stream`), literal or
 * through a keyword. The management API checks them for a scenario that arrives over the network
 * (server/scenario-ops.ts): played to a remote address the scenario chooses, any readable file
 * would leave the host as RTP.
 */
import type { Action, Scenario } from '../scenario/index.ts';
import { isSynthetic } from './synthetic-audio.ts';

export interface MediaFileName {
  readonly action: Action;
  /** The attribute that names it. */
  readonly attr: string;
  readonly file: string;
  /** Named through a keyword (`[field0]`): the path is known only when a call runs it. */
  readonly isDynamic: boolean;
}

const PCAP_ATTRS = ['play_pcap_audio', 'play_pcap_video', 'play_pcap_image'];

export function mediaFileNames(scenario: Scenario): MediaFileName[] {
  const names: MediaFileName[] = [];
  const add = (action: Action, attr: string, file: string) =>
    names.push({ action, attr, file, isDynamic: file.includes('[') });
  for (const command of [...scenario.init, ...scenario.commands]) {
    for (const action of command.actions) {
      if (action.name !== 'exec') continue;
      for (const attr of PCAP_ATTRS) {
        const file = action.attrs[attr];
        if (file !== undefined) add(action, attr, file.trim());
      }
      const stream = action.attrs.rtp_stream;
      if (stream === undefined || isSynthetic(stream)) continue;
      const file = stream.split(',')[0].trim();
      if (!['pause', 'resume'].includes(file)) add(action, 'rtp_stream', file);
    }
  }
  return names;
}
