/**
 * The files of the media bench: a UAC that starts one 20 ms G.711 stream per call once the call
 * is up (rtp_stream of a raw A-law file, looped, or play_pcap_audio of a capture as long as the
 * call), and a UAS whose answer names the bench's receiver as the media address, so every
 * stream of every call lands on one loopback port. Both run on Gossipper and on SIPp 3.6.1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePcap, type UdpRecord } from '../src/pcap/index.ts';

export type MediaMode = 'rtp_stream' | 'play_pcap_audio';

const UAC = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="media bench uac">
  <send retrans="500"><![CDATA[
      INVITE sip:bench@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: bench <sip:bench@[local_ip]:[local_port]>;tag=[pid]T[call_number]
      To: <sip:bench@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:bench@[local_ip]:[local_port]
      Max-Forwards: 70
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=bench 1 1 IN IP4 [local_ip]
      s=-
      c=IN IP4 [media_ip]
      t=0 0
      m=audio [PORT_KEYWORD] RTP/AVP 8
      a=rtpmap:8 PCMA/8000
    ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="200"/>
  <send><![CDATA[
      ACK sip:bench@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: bench <sip:bench@[local_ip]:[local_port]>;tag=[pid]T[call_number]
      To: <sip:bench@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  <nop><action>MEDIA_ACTION</action></nop>
  <pause milliseconds="HOLD_MS"/>
  <send retrans="500"><![CDATA[
      BYE sip:bench@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: bench <sip:bench@[local_ip]:[local_port]>;tag=[pid]T[call_number]
      To: <sip:bench@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Max-Forwards: 70
      Content-Length: 0
    ]]></send>
  <recv response="200"/>
</scenario>
`;

const UAS = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="media bench uas">
  <recv request="INVITE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]U[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=bench 1 1 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio SINK_PORT RTP/AVP 8
      a=rtpmap:8 PCMA/8000
    ]]></send>
  <recv request="ACK"/>
  <recv request="BYE"/>
  <send><![CDATA[
      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Content-Length: 0
    ]]></send>
</scenario>
`;

export interface MediaFiles {
  uac: string;
  uas: string;
}

/**
 * Writes the scenarios and media into `dir`. rtp_stream shares the run's `[media_port]` (all
 * streams from one socket, told apart by SSRC); a capture replays the same SSRC in every call,
 * so play_pcap_audio gives each call its own `[auto_media_port]` to tell them apart by port.
 */
export function writeMediaFiles(
  dir: string,
  mode: MediaMode,
  sinkPort: number,
  holdMs: number,
): MediaFiles {
  const action =
    mode === 'rtp_stream'
      ? '<exec rtp_stream="tone.alaw,-1,8"/>'
      : '<exec play_pcap_audio="stream.pcap"/>';
  const uac = join(dir, 'uac.xml');
  const uas = join(dir, 'uas.xml');
  writeFileSync(
    uac,
    UAC.replace('MEDIA_ACTION', action)
      .replace('HOLD_MS', String(holdMs))
      .replace('PORT_KEYWORD', mode === 'rtp_stream' ? 'media_port' : 'auto_media_port'),
  );
  writeFileSync(uas, UAS.replace('SINK_PORT', String(sinkPort)));
  // 1 s of A-law, looped by rtp_stream.
  writeFileSync(join(dir, 'tone.alaw'), Buffer.alloc(8000, 0xd5));
  if (mode === 'play_pcap_audio')
    writeFileSync(join(dir, 'stream.pcap'), alawCapture(Math.ceil(holdMs / 20) + 50));
  return { uac, uas };
}

/** `packets` 20 ms PCMA packets (one SSRC), in Ethernet framing as SIPp requires. */
function alawCapture(packets: number): Buffer {
  const records: UdpRecord[] = [];
  for (let i = 0; i < packets; i++) {
    const b = Buffer.alloc(12 + 160, 0xd5);
    b[0] = 0x80;
    b[1] = (i === 0 ? 0x80 : 0) | 8;
    b.writeUInt16BE(i & 0xffff, 2);
    b.writeUInt32BE(160 * i, 4);
    b.writeUInt32BE(0x6d656469, 8);
    records.push({
      timeUs: 1_000_000 + i * 20_000,
      src: '192.0.2.1',
      dst: '192.0.2.2',
      srcPort: 4000,
      dstPort: 6000,
      payload: b,
    });
  }
  return writePcap(records);
}
