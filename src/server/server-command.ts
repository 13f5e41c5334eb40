/**
 * `gossipper server [flags]`: the scenario flags with the server's own defaults (reference §B8
 * 8.6): SIP port 5060 when -p is not given (-p 0: any free port), the built-in `management`
 * scenario when neither -sn nor -sf is, and the API on 127.0.0.1:8080 when -api_addr is not.
 * With -config, the profile's engines: one for a flat profile or an alias, the server with its
 * listeners and clients for the composite layout (docs/profiles.md), all checked (flags,
 * scenarios, SIP binds) before the first one binds.
 */
import {
  DEFAULT_API_ADDR,
  assertBuiltinExists,
  builtinXmlFor,
  expandProfile,
  parseScenarioFlags,
  serverHelpText,
  sippVersionBanner,
} from '../cli/index.ts';
import { assertDistinctBinds, validateRunConfig } from '../config/index.ts';
import type { RunConfig } from '../config/index.ts';
import { GossipperError } from '../errors.ts';
import { EXIT_NO_TRAFFIC, EXIT_OK } from '../exit-codes.ts';
import type { Io } from '../io.ts';
import { buildEngineConfig, checkEngineConfig } from './engine-config.ts';
import type { EngineSpec } from './engine-start.ts';
import { serveEngines } from './server-run.ts';

export const SERVER_SIP_PORT = 5060;
export const SERVER_SCENARIO = 'management';

/** The server's defaults for what the command line did not say (`seen`: flags given). */
export function withServerDefaults(
  config: RunConfig,
  seen: ReadonlySet<string>,
  role: 'management' | 'load' = 'management',
): RunConfig {
  // A load role (flat JSON `"role": "load"`) keeps the one-shot defaults: uac, first free port.
  if (role === 'management' && !seen.has('sn') && !seen.has('sf'))
    config.scenario = { kind: 'builtin', name: SERVER_SCENARIO };
  if (role === 'management' && !seen.has('p')) config.localPort = SERVER_SIP_PORT;
  config.api.addr ??= { ...DEFAULT_API_ADDR };
  return config;
}

export async function runServerCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.includes('-h') || args.includes('-help') || args.includes('--help')) {
    io.stdout.write(serverHelpText());
    return EXIT_NO_TRAFFIC;
  }
  // -config file.json: a flat profile (one engine), an alias, or the composite layout (server +
  // clients). The command line's own flags apply to the primary engine, after the profile's.
  const expanded = expandProfile(args, io.cwd);
  if (expanded.kind === 'list-aliases') {
    io.stdout.write(expanded.names.map((n) => `${n}\n`).join(''));
    return EXIT_OK;
  }
  const [first, ...others] = expanded.engines;
  const parsed = parseScenarioFlags([...first.args, ...expanded.rest], io.cwd);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(serverHelpText());
      return EXIT_NO_TRAFFIC;
    case 'sipp-version':
      io.stdout.write(sippVersionBanner());
      return EXIT_NO_TRAFFIC;
    case 'dump-scenario':
      io.stdout.write(await builtinXmlFor(parsed.name));
      return EXIT_NO_TRAFFIC;
    case 'interactive':
      throw new GossipperError(
        'SUBCOMMAND_AFTER_SIPP',
        '-interactive cannot follow "server"',
        "run 'gossipper tui' on its own",
      );
    case 'run':
      break;
  }
  const primary = withServerDefaults(parsed.config, parsed.seen, first.role ?? 'management');
  if (first.auth !== undefined) {
    const { authSettingsFrom } = await import('../users/index.ts');
    primary.api.internalAuth = authSettingsFrom(first.auth.value, first.auth.dir, first.where);
  }
  validateRunConfig(primary);
  for (const note of parsed.notes) io.stderr.write(`gossipper: note: ${note}\n`);
  const specs: EngineSpec[] = [
    { id: first.id, config: primary, isPrimary: true, dynamic: false, where: first.where },
  ];
  for (const p of others) {
    // A further listener of the primary: its flags, argv's, then its own bind.
    const args = p.listener ? [...p.args, ...expanded.rest, ...p.listener.bindArgs] : p.args;
    const built = buildEngineConfig(args, io.cwd, p.where);
    const config = p.listener ? withServerDefaults(built.config, built.seen) : built.config;
    checkEngineConfig(config);
    specs.push({
      id: p.id,
      config,
      isPrimary: false,
      dynamic: false,
      mode: p.listener ? 'server' : 'client',
      where: p.where,
      listenerIndex: p.listener?.index,
    });
  }
  assertDistinctBinds(specs);
  for (const spec of specs) {
    const scenario = spec.config.scenario;
    if (scenario.kind === 'builtin') await assertBuiltinExists(scenario.name);
  }
  return serveEngines(specs, io);
}
