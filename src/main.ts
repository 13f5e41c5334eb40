/**
 * Process entry: `-version`, first-token subcommand routing, the optional `sipp` prefix and the
 * scenario-flag path. Returns the exit code; only bin.ts ends the process.
 */
import type { Io } from './io.ts';
import { GossipperError } from './errors.ts';
import { EXIT_NO_TRAFFIC, EXIT_OK, EXIT_UNAVAILABLE } from './exit-codes.ts';
import { validateRunConfig } from './config/index.ts';
import {
  INTERACTIVE_FLAGS,
  assertBuiltinExists,
  buildInfoText,
  builtinXmlFor,
  findSubcommand,
  oneShotProfileArgs,
  profileHelpText,
  parseScenarioFlags,
  reportError,
  rootHelpText,
  sippEntrySummaryText,
  sippHelpText,
  sippVersionBanner,
} from './cli/index.ts';
import { runScenario } from './one-shot/index.ts';
import { loadScenarioFor } from './run/index.ts';
import type { RunHandle } from './run/index.ts';

const ROOT_HELP_TOKENS = ['-h', '-help', '--help', 'help'];

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    return await route(argv, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function isReserved(token: string | undefined): boolean {
  return (
    token !== undefined &&
    (findSubcommand(token) !== undefined || INTERACTIVE_FLAGS.includes(token))
  );
}

function unavailable(name: string, io: Io): number {
  io.stderr.write(`gossipper ${name}: not available in this version\n`);
  return EXIT_UNAVAILABLE;
}

async function route(argv: string[], io: Io): Promise<number> {
  if (argv.includes('-version') || argv.includes('--version')) {
    io.stdout.write(buildInfoText());
    return EXIT_OK;
  }
  const first = argv[0];
  if (first === undefined || ROOT_HELP_TOKENS.includes(first)) {
    io.stdout.write(rootHelpText());
    return EXIT_NO_TRAFFIC;
  }
  if (first === 'cert') return runCert(argv.slice(1), io);
  if (first === 'server') return runServer(argv.slice(1), io);
  if (first === 'auth') return runAuth(argv.slice(1), io);
  if (first === 'profile') {
    io.stdout.write(profileHelpText());
    return EXIT_OK;
  }
  if (first === 'shell' || first === 'cli') return runShellEntry(first, argv.slice(1), io);
  if (first === 'pcap2scenario') return runPcap2Scenario(argv.slice(1), io);
  if (first === 'report-html' || first === 'summary-to-pdf')
    return runReport(first, argv.slice(1), io);
  if (isReserved(first)) return unavailable(first, io);
  if (first !== 'sipp') return runFlags(argv, io, false);

  let rest = argv;
  while (rest[0] === 'sipp') rest = rest.slice(1);
  if (rest.length === 0) {
    io.stdout.write(sippEntrySummaryText());
    return EXIT_NO_TRAFFIC;
  }
  if (isReserved(rest[0])) throw subcommandAfterSipp(rest[0]);
  if (rest[0] === 'help') {
    io.stdout.write(sippHelpText());
    return EXIT_NO_TRAFFIC;
  }
  return runFlags(rest, io, true);
}

/** `gossipper cert`: its code (key generation, DER) is loaded only when asked for. */
async function runCert(args: string[], io: Io): Promise<number> {
  const { CERT_HELP, parseCertArgs, writeLabCertificate } = await import('./cert/index.ts');
  const options = parseCertArgs(args);
  if (options === 'help') {
    io.stdout.write(CERT_HELP);
    return EXIT_OK;
  }
  const written = writeLabCertificate(options, io.cwd, new Date());
  io.stdout.write(
    `wrote ${written.certFile} (certificate for ${options.names.join(', ')}, ` +
      `valid ${options.days} days)\nwrote ${written.keyFile} (private key)\n`,
  );
  return EXIT_OK;
}

/** `gossipper server`: the management front-end (and hono, zod, ws) is loaded only when asked. */
async function runServer(args: string[], io: Io): Promise<number> {
  const { runServerCommand } = await import('./server/index.ts');
  return runServerCommand(args, io);
}

/** `gossipper auth`: users of internal auth (src/users/, better-sqlite3), loaded only here. */
async function runAuth(args: string[], io: Io): Promise<number> {
  const { runAuthCommand } = await import('./users/index.ts');
  return runAuthCommand(args, io);
}

/**
 * `gossipper shell` / `cli` (src/shell/, node:readline), loaded only when asked for. Its `run`
 * goes through route() as `gossipper sipp <flags>`: no profile (-config, -run-alias) applies,
 * since the shell only accepts table flags.
 */
async function runShellEntry(name: string, args: string[], io: Io): Promise<number> {
  const { runShellCommand } = await import('./shell/index.ts');
  return runShellCommand(name, args, io, (flags, runIo) => main(['sipp', ...flags], runIo));
}

/** `gossipper pcap2scenario` (src/pcap2scenario/), loaded only when asked for. */
async function runPcap2Scenario(args: string[], io: Io): Promise<number> {
  const { runPcap2ScenarioCommand } = await import('./pcap2scenario/index.ts');
  return runPcap2ScenarioCommand(args, io);
}

/** `gossipper report-html` / `summary-to-pdf` (src/report/), loaded only when asked for. */
async function runReport(name: string, args: string[], io: Io): Promise<number> {
  const report = await import('./report/index.ts');
  return name === 'report-html'
    ? report.runReportHtmlCommand(args, io)
    : report.runSummaryToPdfCommand(args, io);
}

function subcommandAfterSipp(name: string): GossipperError {
  return new GossipperError(
    'SUBCOMMAND_AFTER_SIPP',
    `"${name}" cannot follow "sipp": the sipp prefix only takes scenario flags`,
    `run 'gossipper ${name}' without the sipp prefix`,
  );
}

async function runFlags(argv: string[], io: Io, isViaSipp: boolean): Promise<number> {
  // -rtp_send: the standalone RTP sender (src/rtp-send/), its own flags; loaded only then.
  if (argv.includes('-rtp_send')) {
    const { runRtpSendCommand } = await import('./rtp-send/index.ts');
    return runRtpSendCommand(argv, io);
  }
  // -config -run-alias: the profile's keys as flags before argv's own (cli/profile-flags.ts).
  const profile = oneShotProfileArgs(argv, io.cwd);
  if (profile.kind === 'list-aliases') {
    io.stdout.write(profile.names.map((n) => `${n}\n`).join(''));
    return EXIT_OK;
  }
  const parsed = parseScenarioFlags([...profile.engines[0].args, ...profile.rest], io.cwd);
  switch (parsed.kind) {
    case 'help':
      io.stdout.write(sippHelpText());
      return EXIT_NO_TRAFFIC;
    case 'sipp-version':
      io.stdout.write(sippVersionBanner());
      return EXIT_NO_TRAFFIC;
    case 'dump-scenario':
      io.stdout.write(await builtinXmlFor(parsed.name));
      return EXIT_NO_TRAFFIC;
    case 'interactive':
      if (isViaSipp) throw subcommandAfterSipp('-interactive');
      return unavailable('-interactive', io);
    case 'run': {
      const { config } = parsed;
      validateRunConfig(config);
      for (const note of parsed.notes) io.stderr.write(`gossipper: note: ${note}\n`);
      if (config.scenario.kind === 'builtin') await assertBuiltinExists(config.scenario.name);
      if (config.background) {
        // SIPp -bg: check the scenario here, where errors are still visible, then detach.
        loadScenarioFor(config);
        const pid = io.detach?.();
        if (pid !== undefined) {
          io.stdout.write(`Background mode - PID=[${pid}]\n`);
          return EXIT_OK;
        }
      }
      // -api_addr: the management API beside the run, loaded only then (src/server/).
      const api = config.api.addr
        ? {
            onStarted: async (run: RunHandle) =>
              (await import('./server/index.ts')).attachApi(run, config, io),
          }
        : undefined;
      return runScenario(config, io, api);
    }
  }
}
