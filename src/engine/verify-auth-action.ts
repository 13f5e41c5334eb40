/**
 * `<verifyauth assign_to username password>`: server-side digest check of the request just
 * received (SIPp's E_AT_VERIFY_AUTH). `username` and `password` may hold keywords; the result is
 * a bool variable (`true`/`false`) for `test=` / `<nop next=...>` to branch on.
 */
import { verifyAuthorization } from '../auth/index.ts';
import type { Action, Template } from '../scenario/index.ts';
import type { Call } from './call.ts';

export interface TextExpander {
  expand(call: Call, text: Template): string;
}

export function verifyAuthAction(call: Call, a: Action, host: TextExpander): void {
  const msg = call.lastMessage;
  let ok = false;
  if (msg !== null && msg.isRequest) {
    let authorization = msg.headerValues('Authorization');
    if (authorization.length === 0) authorization = msg.headerValues('Proxy-Authorization');
    const username = a.texts.username ? host.expand(call, a.texts.username) : '';
    const password = a.texts.password ? host.expand(call, a.texts.password) : '';
    const body = msg.body().toString('latin1');
    ok = verifyAuthorization({ method: msg.method, authorization, body }, username, password);
  }
  call.setVariable(a.attrs.assign_to ?? '', ok ? 'true' : 'false');
}
