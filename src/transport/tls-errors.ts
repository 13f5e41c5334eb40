/**
 * What a failed TLS handshake means, in words a user can act on. OpenSSL's own text ("unable to
 * verify the first certificate", "wrong version number") names the symptom; the hint names the
 * flag that fixes it.
 */

/** Certificate checks a client makes on the server (Node's err.code). */
const UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REVOKED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'INVALID_CA',
]);

export interface TlsFailure {
  /** Follows "TLS handshake with <peer> failed: ". */
  readonly reason: string;
  readonly hint?: string;
}

export function explainTlsFailure(err: NodeJS.ErrnoException): TlsFailure {
  const code = err.code ?? '';
  // OpenSSL's message is a dump (address, source file and line); its `reason` says it in words.
  const { reason } = err as { reason?: unknown };
  const said = typeof reason === 'string' && reason !== '' ? reason : err.message;
  const text = `${said}${code !== '' && !said.includes(code) ? ` (${code})` : ''}`;
  if (UNTRUSTED.has(code)) {
    return {
      reason: `the server's certificate is not trusted: ${text}`,
      hint: 'give the CA that signed it with -tls_ca (a gossipper cert file is its own CA), or -tls_insecure to skip verification in a lab',
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      reason: `the server's certificate does not name the host we asked for: ${text}`,
      hint: 'use the name the certificate was made for (-tls_sni), or -tls_insecure in a lab',
    };
  }
  if (/WRONG_VERSION_NUMBER|PACKET_LENGTH_TOO_LONG|HTTP_REQUEST|UNKNOWN_PROTOCOL/.test(code)) {
    return {
      reason: `the peer does not speak TLS: ${text}`,
      hint: 'is it a plain TCP port? use -t t1/tn for TCP',
    };
  }
  if (
    /CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE|BAD_CERTIFICATE|UNKNOWN_CA|PROTOCOL_VERSION|NO_SHARED_CIPHER|NO_PROTOCOLS/.test(
      code,
    )
  ) {
    return {
      reason: `the peer refused the handshake: ${text}`,
      hint: 'does the server require a client certificate (-tls_cert/-tls_key) or another version (-tls_version)?',
    };
  }
  if (code === 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE') {
    return {
      reason: `the client sent no certificate, and -tls_client_cert requires one (${code})`,
    };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') {
    return {
      reason: `the peer closed the connection during the handshake (${code})`,
      hint: 'is it a TLS port? a plain TCP peer closes on the TLS hello',
    };
  }
  return { reason: text };
}
