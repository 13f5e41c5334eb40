import { writeFileSync } from 'node:fs';
import { callCapture } from './test/pcap2scenario/call-capture.ts';
import { main } from './src/main.ts';
import { fakeIo } from './test/cli/fake-io.ts';
const t = process.argv[2] as 'udp'|'tcp';
writeFileSync('/tmp/p2s/call.pcap', callCapture({ transport: t, auth: process.argv[3]==='auth', rtpPackets: 25, otherDialogs: 1 }));
const io = fakeIo('/tmp/p2s');
main(['pcap2scenario', 'call.pcap'], io).then((code) => console.log(code, io.out(), io.err()));
