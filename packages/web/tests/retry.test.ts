/** The web's one retry policy (lib/api/retry.ts) and its reading of Retry-After. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { ApiError, ApiUnreachableError } from "@/lib/api/client";
import { isRetryable, queryRetry, REQUEST_BACKOFF, retryDelayMs, STREAM_BACKOFF } from "@/lib/api/retry";
import { retryAfterMs } from "@/lib/api/retry-after";

const error = (status: number, code = "x", retryAfter: number | null = null) =>
  new ApiError(status, { status_code: status, code, detail: "d" }, retryAfter);
const noJitter = () => 1; // the top of each jittered range

describe("retryAfterMs", () => {
  it("reads delta-seconds", () => assert.equal(retryAfterMs(" 2 "), 2000));
  it("reads an HTTP-date as the time until it", () => {
    const now = Date.parse("Sun, 06 Nov 1994 08:49:30 GMT");
    assert.equal(retryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", now), 7000);
    assert.equal(retryAfterMs("Sun, 06 Nov 1994 08:49:00 GMT", now), 0);
  });
  it("ignores what is neither", () => {
    for (const value of [null, "", "soon", "-1", "1.5", "2026-01-01"]) assert.equal(retryAfterMs(value), null, String(value));
  });
});

describe("the retry policy", () => {
  it("retries lost connections, 408, 429, 5xx and an idempotency key still in progress", () => {
    assert.ok(isRetryable(new ApiUnreachableError(new Error("reset"))));
    for (const status of [408, 429, 500, 502, 503, 504]) assert.ok(isRetryable(error(status)), String(status));
    assert.ok(isRetryable(error(409, "idempotency_in_progress")));
  });

  it("does not retry answers that will not change", () => {
    for (const status of [400, 401, 403, 404, 409, 410, 412, 422]) assert.ok(!isRetryable(error(status)), String(status));
    assert.ok(!isRetryable(new Error("a bug")));
  });

  it("doubles the pause per failure up to its bound, jittered into the upper half", () => {
    const pauses = [1, 2, 3, 4, 5, 6].map((failures) => retryDelayMs(failures, error(503), REQUEST_BACKOFF, noJitter));
    assert.deepEqual(pauses, [500, 1000, 2000, 4000, 8000, 8000]);
    assert.equal(retryDelayMs(1, error(503), REQUEST_BACKOFF, () => 0), 250);
  });

  it("waits at least the server's Retry-After, at most a minute", () => {
    assert.equal(retryDelayMs(1, error(503, "x", 6000), STREAM_BACKOFF, noJitter), 6000);
    assert.equal(retryDelayMs(6, error(503, "x", 1000), STREAM_BACKOFF, noJitter), 30_000);
    assert.equal(retryDelayMs(1, error(429, "x", 3_600_000), STREAM_BACKOFF, noJitter), 60_000);
  });

  it("gives TanStack Query three attempts in all, on retryable failures only", () => {
    const unreachable = new ApiUnreachableError(new Error("reset"));
    assert.deepEqual([0, 1, 2].map((count) => queryRetry.retry(count, unreachable)), [true, true, false]);
    assert.equal(queryRetry.retry(0, error(404)), false);
    assert.ok(queryRetry.retryDelay(0, error(503, "x", 2000)) >= 2000);
  });
});
