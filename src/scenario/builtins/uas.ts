/**
 * Built-in `uas` (`-sn uas`): answers the calls `uac` places. Its messages are byte-identical on
 * the wire to SIPp 3.6.1's own `uas`; the XML wording and comments are ours.
 */
export const UAS_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'uas': ring, answer, wait for the hang-up. -->

<scenario name="Basic UAS responder">
  <!-- An INVITE with an unknown Call-ID creates the call. rrs="true" would
       keep its Record-Route set; ignoresdp="true" would leave media alone. -->
  <recv request="INVITE" crlf="true">
  </recv>

  <!-- [last_Name:] copies that header line from the last received message.
       When the header is missing, nothing is written and the line break after
       the keyword is skipped, so no empty header line appears. -->
  <send>
    <![CDATA[

      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>

  <send retrans="500">
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag01[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Type: application/sdp
      Content-Length: [len]

      v=0
      o=user1 53655765 2353687637 IN IP[local_ip_type] [local_ip]
      s=-
      c=IN IP[media_ip_type] [media_ip]
      t=0 0
      m=audio [media_port] RTP/AVP 0
      a=rtpmap:0 PCMU/8000

    ]]>
  </send>

  <!-- The ACK closes response-time timer 1; a lost ACK does not fail the call. -->
  <recv request="ACK" optional="true" rtd="true" crlf="true">
  </recv>

  <recv request="BYE">
  </recv>

  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>

  <!-- Stay around 4 s so a retransmitted BYE still gets its 200. -->
  <timewait milliseconds="4000"/>

  <!-- Histogram bucket bounds in milliseconds. -->
  <ResponseTimeRepartition value="10, 20, 30, 40, 50, 100, 150, 200"/>
  <CallLengthRepartition value="10, 50, 100, 500, 1000, 5000, 10000"/>

</scenario>
`;
