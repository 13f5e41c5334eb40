/**
 * The legacy `-api_token`: a bearer token on every wrapped route (`Authorization: Bearer <t>`,
 * or `?token=<t>`, which a browser's WebSocket needs). Both sides are hashed first, so the
 * constant-time compare sees equal lengths and the token's length does not leak either.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export interface ApiAuth {
  /** `{"auth": ...}` of GET /auth/status: "none" until internal users exist (issue 17). */
  readonly kind: 'none';
  /** True when the request may pass; always true when no token is configured. */
  allows(authorization: string | undefined, queryToken: string | undefined): boolean;
  readonly isOpen: boolean;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

export function legacyTokenAuth(token: string | undefined): ApiAuth {
  if (token === undefined) return { kind: 'none', isOpen: true, allows: () => true };
  const expected = digest(token);
  const matches = (given: string): boolean => timingSafeEqual(digest(given), expected);
  return {
    kind: 'none',
    isOpen: false,
    allows(authorization, queryToken) {
      const bearer = /^Bearer +(.+)$/i.exec(authorization ?? '');
      if (bearer !== null) return matches(bearer[1].trim());
      return queryToken !== undefined && matches(queryToken);
    },
  };
}
