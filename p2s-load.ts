import { convertCapture } from './src/pcap2scenario/index.ts';
import { loadScenarioXml } from './src/scenario/index.ts';
import { callCapture } from './test/pcap2scenario/call-capture.ts';
for (const t of ['udp','tcp'] as const) {
const c = convertCapture(callCapture({ transport: t, auth: true, rtpPackets: 5, otherDialogs: 2, retransmit200: true }), 'call.pcap', { sipPort: 0, link: 'auto' });
for (const f of ['scenario_uac.xml','scenario_uas.xml']) {
  const s = loadScenarioXml(c.files.get(f)!.toString('latin1'), f);
  console.log(t, f, s.commands.length, s.mode, s.warnings);
}}
