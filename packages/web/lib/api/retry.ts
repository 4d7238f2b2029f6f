import { ApiError, ApiUnreachableError } from "./client";

/**
 * The web app's one retry policy for calls to the API, as the SDK's (todos_sdk/_retry_policy.py): which
 * failures are worth another try, and how long to wait before it. TanStack Query applies it to reads and to
 * the writes that carry an Idempotency-Key; the live updates use its delays to reconnect the event stream
 * and to pace their polling fallback.
 *
 * Retried: a lost connection, 408, 429, 5xx, and 409 `idempotency_in_progress` (the first attempt is still
 * running). The pause doubles per failure up to a bound, with jitter so that many tabs failing at the same
 * moment do not come back in step, and is never shorter than the server's `Retry-After`.
 */

export const RETRIED_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export type Backoff = { baseMs: number; maxMs: number };

/** A request: 0.5 s, 1 s, 2 s… (each halved at random) up to 8 s. */
export const REQUEST_BACKOFF: Backoff = { baseMs: 500, maxMs: 8_000 };
/** The event stream: from the server's `retry:` (1 s) up to 30 s. */
export const STREAM_BACKOFF: Backoff = { baseMs: 1_000, maxMs: 30_000 };
/** Retries of one request after its first attempt (3 attempts in all, as the SDK). */
export const REQUEST_RETRIES = 2;
// A longer Retry-After is cut to this: a page waiting minutes looks broken, and the server is asked again
// no sooner than this anyway.
const MAX_RETRY_AFTER_MS = 60_000;

export function isRetryable(error: unknown): boolean {
  if (error instanceof ApiUnreachableError) return true;
  if (!(error instanceof ApiError)) return false;
  return RETRIED_STATUSES.has(error.status) || error.body.code === "idempotency_in_progress";
}

/** The pause before the next try after `failures` failures in a row (1: the first). */
export function retryDelayMs(
  failures: number,
  error: unknown,
  backoff: Backoff = REQUEST_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  const delay = ceiling / 2 + random() * (ceiling / 2);
  const asked = error instanceof ApiError ? error.retryAfterMs : null;
  return asked === null ? delay : Math.max(delay, Math.min(asked, MAX_RETRY_AFTER_MS));
}

/** The policy in TanStack Query's terms (its counts start at 0 for the first failure). */
export const queryRetry = {
  // Typed with Error, TanStack Query's default error type, so that callers' onError keep seeing an Error.
  retry: (failureCount: number, error: Error) => failureCount < REQUEST_RETRIES && isRetryable(error),
  retryDelay: (failureCount: number, error: Error) => retryDelayMs(failureCount + 1, error),
};
