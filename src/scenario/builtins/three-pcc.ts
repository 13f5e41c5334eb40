/**
 * Built-ins for third-party call control (`-3pcc`): the controller's two halves (`3pcc-C-A`,
 * `3pcc-C-B`) hand SDP to each other over the 3PCC socket (`sendCmd`, `recvCmd`); `3pcc-A` and
 * `3pcc-B` are the called parties. Elements and messages are those of SIPp 3.6.1's; the comments
 * are ours.
 */
export const THREE_PCC_C_A_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in '3pcc-C-A': controller, A side. A answers an INVITE without SDP
     with an offer, which goes to the B side; B's answer comes back in A's ACK. -->

<scenario name="3PCC Controller - A side">
  <send retrans="500">
    <![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag03[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <recv response="100" optional="true"> </recv>
  <recv response="180" optional="true"> </recv>
  <recv response="183" optional="true"> </recv>
  <recv response="200" crlf="true" start_rtd="true">
    <action>
       <ereg regexp="Content-Type:.*"
             search_in="msg"
             assign_to="1" />
    </action>
  </recv>

  <!-- The offer from A, for the B side. -->
  <sendCmd>
    <![CDATA[
      Call-ID: [call_id]
      [$1]

     ]]>
  </sendCmd>

  <!-- The answer from B, for the ACK. -->
  <recvCmd>
    <action>
       <ereg regexp="Content-Type:.*"
             search_in="msg"
             assign_to="2" />
    </action>

  </recvCmd>

  <send rtd="true">
    <![CDATA[

      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag03[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      [$2]

    ]]>
  </send>

  <pause milliseconds="1000"/>

  <send retrans="500">
    <![CDATA[

      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag03[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <recv response="200" crlf="true"> </recv>

</scenario>

`;

export const THREE_PCC_C_B_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in '3pcc-C-B': controller, B side. Calls B with A's offer and
     passes B's answer back. -->

<scenario name="3PCC Controller - B side">

<!-- Waits for A's offer before calling B. -->
<recvCmd>
  <action>
       <ereg regexp="Content-Type:.*"
             search_in="msg"
             assign_to="1" />
  </action>
</recvCmd>

  <send retrans="500">
    <![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag04[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      [$1]

     ]]>
  </send>

  <recv response="100" optional="true"> </recv>
  <recv response="180" optional="true"> </recv>
  <recv response="183" optional="true"> </recv>
  <recv response="200" crlf="true">
    <action>
       <ereg regexp="Content-Type:.*"
             search_in="msg"
             assign_to="2" />
    </action>
  </recv>

  <send start_rtd="true">
    <![CDATA[

      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag04[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <!-- B's answer, for the A side. -->
  <sendCmd>
    <![CDATA[
      Call-ID: [call_id]
      [$2]

    ]]>
  </sendCmd>

  <pause milliseconds="1000"/>

  <send retrans="500" rtd="true">
    <![CDATA[

      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag04[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <recv response="200" crlf="true">
  </recv>

</scenario>

`;

export const THREE_PCC_A_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in '3pcc-A': party A of a 3PCC call. -->

<scenario name="3PCC A side">
  <recv request="INVITE" crlf="true">
  </recv>

  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag05[call_number]
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

  <recv request="ACK" rtd="true" crlf="true"> </recv>

  <recv request="BYE" crlf="true"> </recv>

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

  <!-- Stay a while to answer a retransmitted BYE. -->
  <timewait milliseconds="2000"/>

</scenario>

`;

export const THREE_PCC_B_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in '3pcc-B': party B of a 3PCC call. -->

<scenario name="3PCC B side">
  <recv request="INVITE" crlf="true"> </recv>

  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag06[call_number]
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

  <recv request="ACK" rtd="true" crlf="true"> </recv>

  <recv request="BYE"> </recv>

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

  <!-- Stay a while to answer a retransmitted BYE. -->
  <timewait milliseconds="2000"/>

</scenario>
`;
