/**
 * Out-of-call built-ins (`-oocsn`): `ooc_default` answers any request that belongs to no call
 * with a 200 (SIPp's default when -oocsf/-oocsn are not given), `ooc_dummy` waits for a method
 * nobody sends, so out-of-call requests are received and dropped. Elements and messages are those
 * of SIPp 3.6.1's; the comments are ours.
 */
export const OOC_DEFAULT_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'ooc_default': 200 OK to any out-of-call request. -->

<scenario name="Out-of-call UAS">
  <!-- Any method (request is a regexp here). -->
  <recv request=".*" regexp_match="true" />

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

  <!-- Stay a while to answer a retransmission. -->
  <timewait milliseconds="4000"/>

  <ResponseTimeRepartition value="10, 20, 30, 40, 50, 100, 150, 200"/>

  <CallLengthRepartition value="10, 50, 100, 500, 1000, 5000, 10000"/>

</scenario>
`;

export const OOC_DUMMY_XML = `<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">

<!-- Gossipper built-in 'ooc_dummy': accept out-of-call requests and answer nothing. -->

<scenario name="Out-of-call UAS">
  <recv request="DUMMY" />

  <ResponseTimeRepartition value="10, 20, 30, 40, 50, 100, 150, 200"/>

  <CallLengthRepartition value="10, 50, 100, 500, 1000, 5000, 10000"/>

</scenario>
`;
