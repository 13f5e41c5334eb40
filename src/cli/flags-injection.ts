/** Injection file flags (`sipp -h` of SIPp 3.6.1); docs/injection.md. */
import { resolve } from 'node:path';
import type { FlagSpec } from './flag-types.ts';
import { parseStrtolInt } from './value-parsers.ts';

export const INJECTION_FLAGS: readonly FlagSpec[] = [
  {
    name: 'inf',
    group: 'injection',
    available: true,
    kind: 'string',
    argName: '<file>',
    help: 'CSV injection file for [fieldN] (repeatable; the first is the default)',
    apply: (ctx, v) => {
      // The name as written is the file's key in file="..."; the path is what gets read.
      ctx.config.injection.files.push({ name: v, path: resolve(ctx.cwd, v) });
    },
  },
  {
    name: 'infindex',
    group: 'injection',
    available: true,
    kind: 'pair',
    argName: '<file> <field>',
    help: 'Index an injection file on one field, for <lookup>',
    apply: (ctx, [file, field]) => {
      ctx.config.injection.indexes.push({ file, field: parseStrtolInt('-infindex', field) });
    },
  },
  {
    name: 'ip_field',
    group: 'injection',
    available: true,
    kind: 'int',
    argName: '<n>',
    help: 'Injection field holding the local IP for -t ui',
    defaultText: '0',
    apply: (ctx, v) => {
      ctx.config.injection.ipField = v;
    },
  },
];
