/**
 * Every refusal the API makes is an ApiError: a 4xx status and one sentence naming the problem,
 * answered as `{"error": "..."}`. Anything else that escapes a route is answered as a 500 with
 * a fixed sentence (no stack trace leaves the process) and reported on stderr.
 */
export class ApiError extends Error {
  readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429;
  constructor(status: ApiError['status'], message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/** Request body limits (stated in docs/server.md). */
export const MAX_JSON_BODY_BYTES = 64 * 1024;
/** A `POST /api/v1/clients` profile body (reference §B6 6.11). */
export const MAX_CLIENT_BODY_BYTES = 1024 * 1024;
