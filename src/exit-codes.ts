/**
 * SIPp 3.6.1 exit statuses (docs/errors.md, checked against sipp 3.6.1); only main.ts turns these
 * into process.exit.
 */
export const EXIT_OK = 0;
/** Normal end with at least one failed call, or a fatal error before the scenario loads. */
export const EXIT_FAILED_CALLS = 1;
/** Our own: a subcommand that this version does not provide. */
export const EXIT_UNAVAILABLE = 2;
/** Our own (the reference's): a CI gate (`-threshold`, `-health_*`) broke. */
export const EXIT_GATES_FAILED = 2;
/** `-timeout` expired with zero failed and zero successful calls, or `int_cmd="stop_now"`. */
export const EXIT_TIMEOUT_NO_CALLS = 97;
/** Exited without running traffic: -v, -h, -sd, no arguments. */
export const EXIT_NO_TRAFFIC = 99;
/** Fatal error after start-up (scenario error, `-timeout_error`, file cannot be opened). */
export const EXIT_FATAL = 255;
/** Fatal error binding a socket (EADDRINUSE). */
export const EXIT_BIND_FAILED = 254;
