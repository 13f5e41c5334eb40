/**
 * Digest authentication flags beyond `-au`/`-ap` (flags-call.ts): SIPp's `-auth_uri`, and the
 * AKAv1-MD5 keys as Gossipper flags (SIPp 3.6.1 takes them only as `[authentication]` parameters).
 */
import type { FlagSpec } from './flag-types.ts';

export const AUTH_FLAGS: readonly FlagSpec[] = [
  {
    name: 'auth_uri',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<uri>',
    help: 'URI used in digest computation (host:port gets sip:)',
    defaultText: 'the Request-URI',
    apply: (ctx, v) => {
      ctx.config.authUri = v;
    },
  },
  {
    name: 'aka_K',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<key>',
    help: 'Gossipper: AKAv1-MD5 permanent key K (0x + 32 hex digits) for [authentication]',
    defaultText: 'first 16 bytes of the password',
    apply: (ctx, v) => {
      ctx.config.akaK = v;
    },
  },
  {
    name: 'aka_OP',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<key>',
    help: 'Gossipper: AKAv1-MD5 operator variant key OP (0x + 32 hex digits)',
    apply: (ctx, v) => {
      ctx.config.akaOp = v;
    },
  },
  {
    name: 'aka_AMF',
    group: 'call',
    available: true,
    kind: 'string',
    argName: '<amf>',
    help: 'Gossipper: AKAv1-MD5 authentication management field (0x + 4 hex digits)',
    defaultText: 'the AMF in the nonce',
    apply: (ctx, v) => {
      ctx.config.akaAmf = v;
    },
  },
];
