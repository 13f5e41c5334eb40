/**
 * Server side (`<verifyauth>`): does a received request's Authorization answer correctly for these
 * credentials? As SIPp, the digest is recomputed from the header's own realm, nonce, uri, qop, nc
 * and cnonce (the nonce is not checked against one we issued) and compared with `response=`.
 */
import { parseAuthChallenges } from './auth-params.ts';
import { digestAlgorithm, digestResponse } from './digest.ts';

export interface ReceivedRequest {
  readonly method: string;
  /** Authorization header values (Proxy-Authorization's when it has none). */
  readonly authorization: readonly string[];
  /** Body (binary string), for qop=auth-int. */
  readonly body: string;
}

/** True when one Digest credential in the request matches `username`/`password`. */
export function verifyAuthorization(
  req: ReceivedRequest,
  username: string,
  password: string,
): boolean {
  for (const c of parseAuthChallenges(req.authorization)) {
    if (c.scheme.toLowerCase() !== 'digest') continue;
    const p = c.params;
    const algorithm = digestAlgorithm(p.get('algorithm'));
    const realm = p.get('realm');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    if (algorithm === undefined || algorithm.aka) continue;
    if (realm === undefined || nonce === undefined || uri === undefined) continue;
    if (response === undefined || p.get('username') !== username) continue;
    const qop = (p.get('qop') ?? '').toLowerCase();
    const expected = digestResponse({
      algorithm,
      username,
      realm,
      password,
      method: req.method,
      uri,
      nonce,
      qop,
      nc: p.get('nc') ?? '',
      cnonce: p.get('cnonce') ?? '',
      body: req.body,
    });
    if (expected === response.toLowerCase()) return true;
  }
  return false;
}
