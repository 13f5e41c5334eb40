/** How failures reach the user: one `gossipper: <message>` line, a hint line, an exit code. */
import { GossipperError, type ErrorCode } from '../errors.ts';
import type { Io } from '../io.ts';
import {
  EXIT_BIND_FAILED,
  EXIT_FAILED_CALLS,
  EXIT_FATAL,
  EXIT_UNAVAILABLE,
} from '../exit-codes.ts';

// SIPp exits 1 for anything fatal before the scenario is loaded (bad flags, unreadable or
// invalid scenario: verified with sipp 3.6.1), -2 (254) for bind failures and -1 (255) for
// fatal errors once running (an unresolvable remote host exits 255 on that binary).
const EXIT_CODE_BY_ERROR = {
  FLAG_UNKNOWN: EXIT_FAILED_CALLS,
  FLAG_UNAVAILABLE: EXIT_FAILED_CALLS,
  CONFIG_INVALID: EXIT_FAILED_CALLS,
  FLAG_VALUE: EXIT_FAILED_CALLS,
  FLAG_MISSING_VALUE: EXIT_FAILED_CALLS,
  SUBCOMMAND_AFTER_SIPP: EXIT_FAILED_CALLS,
  SUBCOMMAND_UNAVAILABLE: EXIT_UNAVAILABLE,
  // gossipper shell: a line it cannot read (unknown command, open quote); a usage error.
  SHELL_INPUT: EXIT_FAILED_CALLS,
  SCENARIO_XML: EXIT_FAILED_CALLS,
  SCENARIO_INVALID: EXIT_FAILED_CALLS,
  SCENARIO_NOT_FOUND: EXIT_FAILED_CALLS,
  SCENARIO_TOO_LARGE: EXIT_FAILED_CALLS,
  KEYWORD_UNKNOWN: EXIT_FAILED_CALLS,
  REMOTE_UNRESOLVABLE: EXIT_FATAL,
  REMOTE_MISSING: EXIT_FATAL,
  TRANSPORT_UNAVAILABLE: EXIT_FATAL,
  // SIPp 3.6.1: "Can't get local IP address in getaddrinfo" is an ERROR, exit 255.
  LOCAL_IP_INVALID: EXIT_FATAL,
  BIND_FAILED: EXIT_BIND_FAILED,
  FILE_IO: EXIT_FATAL,
  CAPTURE_INVALID: EXIT_FATAL,
  // pcap2scenario's input: a usage error, before anything runs.
  CAPTURE_UNUSABLE: EXIT_FAILED_CALLS,
  MEDIA_INVALID: EXIT_FATAL,
  CHROMIUM_NOT_FOUND: EXIT_FATAL,
  REPORT_ASSET_MISSING: EXIT_FATAL,
  USER_INVALID: EXIT_FAILED_CALLS,
  USER_NOT_FOUND: EXIT_FAILED_CALLS,
  USER_EXISTS: EXIT_FAILED_CALLS,
  API_UNPROTECTED: EXIT_FAILED_CALLS,
  RUN_FATAL: EXIT_FATAL,
} as const satisfies Record<ErrorCode, number>;

export function exitCodeForError(err: unknown): number {
  return err instanceof GossipperError ? EXIT_CODE_BY_ERROR[err.code] : EXIT_FATAL;
}

/** Writes the error to stderr and returns the exit code for it. */
export function reportError(err: unknown, io: Io): number {
  if (err instanceof GossipperError) {
    io.stderr.write(`gossipper: ${err.message}\n`);
    if (err.hint !== undefined) io.stderr.write(`hint: ${err.hint}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`gossipper: internal error: ${message}\n`);
    if (io.env.GOSSIPPER_DEBUG && err instanceof Error && err.stack)
      io.stderr.write(`${err.stack}\n`);
    else io.stderr.write('hint: set GOSSIPPER_DEBUG=1 for a stack trace, and please report it\n');
  }
  return exitCodeForError(err);
}
