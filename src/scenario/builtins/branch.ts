/**
 * Built-ins `branchc` and `branchs` (`-sn branchc` against `-sn branchs`): a REGISTER then a call,
 * steered by `next`, `test` and optional receives. Elements and messages are those of SIPp
 * 3.6.1's `branchc` and `branchs`; the comments are ours.
 */
export const BRANCHC_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'branchc': branching client (next, test, optional 403). -->

<scenario name="branch_client">
  <send retrans="500">
    <![CDATA[

      REGISTER sip:CA.cym.com SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ua1 <sip:ua1@nnl.cym:[local_port]>;tag=[pid]SIPpTag07[call_number]
      To: ua1 <sip:ua1@nnl.cym:[local_port]>
      Call-ID: [call_id]
      CSeq: 1 REGISTER
      Contact: sip:ua1@[local_ip]:[local_port]
      Content-Length: 0
      Expires: 300

    ]]>
  </send>

  <!-- The first 200 jumps straight to label 5. -->
  <recv response="200" rtd="true" next="5">
  </recv>

  <recv response="200">
  </recv>

  <label id="5"/>

  <send retrans="500">
    <![CDATA[

      INVITE sip:ua2@CA.cym.com SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ua[call_number] <sip:ua1@nnl.cym:[local_port]>;tag=[pid]SIPpTag07b[call_number]
      To: ua2 <sip:ua2@nnl.cym:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:ua1@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
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

  <recv response="100" optional="true">
  </recv>

  <recv response="180" optional="true">
  </recv>

  <recv response="183" optional="true">
  </recv>

  <!-- A 403 instead of a 200 skips to the BYE. -->
  <recv response="403" optional="true" next="1">
  </recv>

  <recv response="200">
    <action>
      <ereg regexp="ua25"
            search_in="hdr"
            header="From: "
            assign_to="8"/>
    </action>
  </recv>

  <!-- When variable 8 was set by the ereg above, the ACK skips the pause. -->
  <send next="1" test="8">
    <![CDATA[

      ACK sip:ua2@CA.cym.com SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ua1 <sip:ua1@nnl.cym:[local_port]>;tag=[pid]SIPpTag07b[call_number]
      To: ua2 <sip:ua2@nnl.cym:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      Contact: sip:ua1@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <pause milliseconds="5000"/>

  <label id="1"/>

  <send retrans="500">
    <![CDATA[

      BYE sip:ua2@CA.cym.com SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: ua1 <sip:ua1@nnl.cym:[local_port]>;tag=[pid]SIPpTag07b[call_number]
      To: ua2 <sip:ua2@nnl.cym:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: sip:ua1@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <recv response="200" crlf="true">
  </recv>

  <pause milliseconds="4000"/>

  <ResponseTimeRepartition value="10, 20, 30, 40, 50, 100, 150, 200"/>

  <CallLengthRepartition value="10, 50, 100, 500, 1000, 5000, 10000"/>

</scenario>

`;

export const BRANCHS_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'branchs': the server side of 'branchc'. -->

<scenario name="branch_server">
  <recv request="REGISTER">
  </recv>

  <send>
    <![CDATA[

      SIP/2.0 200 OK
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag08[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0
      Expires: 300

    ]]>
  </send>

  <recv request="INVITE" crlf="true">
    <action>
      <ereg regexp="ua2"
            search_in="hdr"
            header="From: "
            assign_to="3"/>
    </action>
  </recv>

  <!-- Callers named ua2... ring; the others get a 403. -->
  <send next="1" test="3">
    <![CDATA[

      SIP/2.0 180 Ringing
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag08b[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>

  <send next="2">
    <![CDATA[

      SIP/2.0 403 Error
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag08b[call_number]
      [last_Call-ID:]
      [last_CSeq:]
      Contact: <sip:[local_ip]:[local_port];transport=[transport]>
      Content-Length: 0

    ]]>
  </send>

  <label id="1"/>

  <send>
    <![CDATA[

      SIP/2.0 100 Trying
      [last_Via:]
      [last_From:]
      [last_To:];tag=[pid]SIPpTag08b[call_number]
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
      [last_To:];tag=[pid]SIPpTag08b[call_number]
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

  <recv request="ACK"
        optional="true"
        rtd="true"
        crlf="true">
  </recv>

  <label id="2"/>

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

  <!-- Stay a while to answer a retransmitted BYE. -->
  <timewait milliseconds="4000"/>

  <ResponseTimeRepartition value="10, 20, 30, 40, 50, 100, 150, 200"/>

  <CallLengthRepartition value="10, 50, 100, 500, 1000, 5000, 10000"/>

</scenario>

`;
