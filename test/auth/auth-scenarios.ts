/** Scenario files of the auth interop tests (SIPp's XML, run by sipp and by gossipper alike). */

function register(withAuth: boolean, user: string, domain: string): string {
  return `<send retrans="500"><![CDATA[
REGISTER sip:[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:${user}@${domain}>;tag=[call_number]
To: <sip:${user}@${domain}>
Call-ID: [call_id]
CSeq: [cseq] REGISTER
Contact: <sip:${user}@[local_ip]:[local_port]>
${withAuth ? '[authentication]\n' : ''}Max-Forwards: 70
Expires: 60
Content-Length: 0

]]></send>`;
}

/**
 * A UAC registering: REGISTER, 401 (stored), REGISTER with `[authentication]` (credentials from
 * -au/-ap), 200; then, when `again`, one more REGISTER answering the same challenge (nc=2), 200.
 */
export function registerUacXml(again = false, user = 'alice', domain = 'gossipper.test'): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="auth uac">
${register(false, user, domain)}
<recv response="401" auth="true"/>
${register(true, user, domain)}
<recv response="200"/>
${again ? `${register(true, user, domain)}\n<recv response="200"/>` : ''}
</scenario>
`;
}

function reply(status: string, extra = '', next = ''): string {
  return `<send${next ? ` next="${next}"` : ''}><![CDATA[
SIP/2.0 ${status}
[last_Via:]
[last_From:]
[last_To:]${status.startsWith('401') ? ';tag=[call_number]' : ''}
[last_Call-ID:]
[last_CSeq:]
${extra}Content-Length: 0

]]></send>`;
}

/**
 * A registrar: challenges the REGISTER, checks the second with `<verifyauth>` and answers 200 when
 * it is right, 403 when not.
 */
export function verifyingUasXml(user: string, password: string): string {
  return `<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="auth uas">
<recv request="REGISTER"/>
${reply('401 Unauthorized', 'WWW-Authenticate: Digest realm="interop.test", nonce="4a2b3c, nonce", qop="auth", opaque="xyz"\n')}
<recv request="REGISTER">
  <action><verifyauth assign_to="authok" username="${user}" password="${password}"/></action>
</recv>
<nop hide="true" test="authok" next="good"/>
${reply('403 Forbidden', '', 'end')}
<label id="good"/>
${reply('200 OK')}
<label id="end"/>
</scenario>
`;
}
