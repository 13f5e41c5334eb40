/**
 * Built-in `regexp` (`-sn regexp`): the `uac` call with `<ereg>` actions on the 200 whose matches
 * are echoed in the ACK. Its elements and messages are those of SIPp 3.6.1's `regexp`; the comments
 * are ours.
 */
export const REGEXP_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'regexp': a uac call that copies parts of the 200 into the ACK. -->

<scenario name="Client with regexp scenario">
  <send retrans="500">
    <![CDATA[

      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag02[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>
      Call-ID: [call_id]
      CSeq: 1 INVITE
      Contact: sip:sipp@[local_ip]:[local_port]
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

  <recv response="100"
        optional="true">
  </recv>

  <recv response="180" optional="true">
  </recv>
  <recv response="183" optional="true">
  </recv>

  <!-- POSIX extended regexps against the whole 200 (search_in="msg") or one header;
       check_it="true" fails the call when one does not match. -->
  <recv response="200" start_rtd="true">
    <action>
      <ereg regexp="[0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[.][0-9]{1,3}[:][0-9]{1,5}"
            search_in="msg"
            check_it="true"
            assign_to="1"/>
      <ereg regexp=".*"
            search_in="hdr"
            header="Contact:"
            check_it="true"
            assign_to="6"/>
      <ereg regexp="o=([[:alnum:]]*) ([[:alnum:]]*) ([[:alnum:]]*)"
            search_in="msg"
            check_it="true"
            assign_to="3,4,5,8"/>
    </action>
  </recv>

  <send>
    <![CDATA[
      ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag02[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 1 ACK
      retrievedIp: [$1]
      retrievedContact:[$6]
      retrievedSdpOrigin:[$3]
      retrievedSdpOrigin-username:[$4]
      retrievedSdpOrigin-session-id:[$5]
      retrievedSdpOrigin-version:[$8]
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0
    ]]>
  </send>

  <!-- Hold time; -d does not change it here (milliseconds is set). -->
  <pause milliseconds = "1000"/>

  <send retrans="500">
    <![CDATA[

      BYE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
      From: sipp <sip:sipp@[local_ip]:[local_port]>;tag=[pid]SIPpTag02[call_number]
      To: [service] <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
      Call-ID: [call_id]
      CSeq: 2 BYE
      Contact: sip:sipp@[local_ip]:[local_port]
      Max-Forwards: 70
      Subject: Performance Test
      Content-Length: 0

    ]]>
  </send>

  <recv response="200" crlf="true" rtd="true">
  </recv>

  <ResponseTimeRepartition value="1000, 1040, 1080, 1120, 1160, 1200"/>

  <CallLengthRepartition value="1000, 1100, 1200, 1300, 1400"/>

</scenario>

`;
