/**
 * A scenario that answers one OPTIONS and ends: every call ends inside the receive handler and
 * arms no timer (the shape of out-of-dialog traffic on a UAS), and OPTIONS requests to send it.
 */
export const OPTIONS_UAS_XML = `<?xml version="1.0"?>
<scenario name="options answerer">
  <recv request="OPTIONS"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpTag01[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send>
</scenario>
`;

/** An out-of-dialog OPTIONS with the given Call-ID, as a UAS's hostile neighbour sends it. */
export function optionsRequest(callId: string, toPort = 5060): string {
  return (
    `OPTIONS sip:uas@127.0.0.1:${toPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-${callId.length}-${callId.slice(0, 40)}\r\n` +
    `From: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:uas@127.0.0.1>\r\nCall-ID: ${callId}\r\nCSeq: 1 OPTIONS\r\n` +
    'Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n'
  );
}
