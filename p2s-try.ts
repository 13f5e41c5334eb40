import { convertCapture } from './src/pcap2scenario/index.ts';
import { callCapture } from './test/pcap2scenario/call-capture.ts';
const t = process.argv[2] as 'udp'|'tcp';
const c = convertCapture(callCapture({ transport: t, auth: true, rtpPackets: 5, otherDialogs: 2, retransmit200: true }), 'call.pcap', { sipPort: 0, link: 'auto' });
console.log(c.notes);
console.log(c.files.get('scenario_uac.xml')!.toString('latin1'));
console.log(c.files.get('scenario_uas.xml')!.toString('latin1'));
console.log(c.rtpPackets);
