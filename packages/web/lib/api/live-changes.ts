import { type ApiClient, ApiError, ApiUnreachableError, unwrap } from "./client";
import type { components } from "./schema";
import { retryDelayMs, STREAM_BACKOFF } from "./retry";
import { readEventStream } from "./sse";
import { getAccessToken, SessionExpiredError } from "./token";

/**
 * Follows the user's task changes as they happen: `GET /todos/events` (Server-Sent Events) read with
 * fetch, so the client's token middleware adds the JWT and refreshes it on a 401. Reconnects with
 * `Last-Event-ID` (the change cursor, or the stream's opening position when no change came yet) after the
 * delays of the one retry policy (lib/api/retry.ts, honouring `Retry-After`); when the stream is not
 * available (an API without it, a proxy that refuses it, too many tabs open) it polls `GET /todos/changes`
 * with the same cursor instead, and tries the stream again now and then. The API ends a stream whose
 * credentials ran out with a `reauthenticate` event (the JWT expired, or the session was signed out): the
 * stream is reopened at once with a freshly fetched JWT, or, when Better Auth no longer gives one, the
 * session is over.
 */

export type TodoChange = components["schemas"]["TodoChange"];
export type LiveState = "connecting" | "live" | "polling" | "offline";

export type LiveCallbacks = {
  onChanges: (changes: TodoChange[]) => void;
  /** The cursor is lost or expired: changes may have been missed, so re-read everything. */
  onResync: () => void;
  onState: (state: LiveState) => void;
  /** The session is over; the stream stops (the next list read sends the person to sign in). */
  onSessionExpired: () => void;
};

const POLL_INTERVAL_MS = 3_000;
// While polling, how long before trying the stream again.
const STREAM_RETRY_MS = 30_000;
// Answers that say "no stream here" rather than "not right now": poll at once.
const NO_STREAM = new Set([404, 405, 429, 501, 503]);
// Failed stream attempts in a row before polling instead.
const FAILURES_BEFORE_POLLING = 3;

export type Wait = (ms: number, signal: AbortSignal) => Promise<void>;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function isCursorLost(error: unknown): boolean {
  // 410 cursor_expired; 400 invalid_last_event_id (or 422 on the feed): the cursor cannot be used.
  return error instanceof ApiError && [400, 410, 422].includes(error.status);
}

/** `wait` is for tests, which record the pauses instead of sitting them out. */
export function followChanges(
  api: ApiClient,
  callbacks: LiveCallbacks,
  signal: AbortSignal,
  wait: Wait = sleep,
): void {
  let cursor: string | null = null;
  let retryMs = STREAM_BACKOFF.baseMs;
  let failures = 0;

  /** One stream, until the server ends it or it fails; true when it ended asking for a fresh token. */
  async function stream(): Promise<boolean> {
    const result = await api.GET("/api/v1/todos/events", {
      params: { header: cursor ? { "Last-Event-ID": cursor } : {} },
      headers: { Accept: "text/event-stream" },
      parseAs: "stream",
      signal,
    });
    const body = unwrap(result) as unknown as ReadableStream<Uint8Array> | null;
    if (body === null) throw new ApiUnreachableError(new Error("The event stream has no body."));
    failures = 0;
    callbacks.onState("live");
    // Without a cursor the stream starts at "now": re-read once, so nothing between the page's read and
    // the stream's start is missed.
    if (cursor === null) callbacks.onResync();
    let reauthenticate = false;
    await readEventStream(
      body,
      {
        onRetry: (ms) => (retryMs = ms),
        // Each change's id, and before any change the stream's opening position (an id-only frame): a
        // stream that drops resumes from there. An empty id means "no position" (as for EventSource).
        onLastEventId: (id) => (cursor = id || null),
        onEvent: (event) => {
          if (event.event === "reauthenticate") reauthenticate = true;
          if (event.event === "change") callbacks.onChanges([JSON.parse(event.data) as TodoChange]);
        },
      },
      cursor,
    );
    return reauthenticate;
  }

  /** Polls the change feed until it is time to try the stream again. */
  async function poll(): Promise<void> {
    callbacks.onState("polling");
    const until = Date.now() + STREAM_RETRY_MS;
    let first = cursor === null;
    while (!signal.aborted && Date.now() < until) {
      const page = unwrap(
        await api.GET("/api/v1/todos/changes", {
          params: { query: { since: cursor ?? undefined, limit: 1000 } },
          signal,
        }),
      );
      cursor = page.next_cursor;
      // Without a cursor the feed starts at the beginning: those are not news, the list is re-read once.
      if (first) callbacks.onResync();
      else if (page.items.length > 0) callbacks.onChanges(page.items);
      if (page.has_more) continue;
      first = false;
      await wait(POLL_INTERVAL_MS, signal);
    }
  }

  async function run(): Promise<void> {
    while (!signal.aborted) {
      try {
        if (failures >= FAILURES_BEFORE_POLLING) {
          await poll();
          failures = 0;
          continue;
        }
        callbacks.onState("connecting");
        if (await stream()) {
          // Not a failure: fetch a fresh JWT (SessionExpiredError when the session is over) and come back now.
          await getAccessToken({ forceRefresh: true });
          continue;
        }
        await wait(retryMs, signal); // the server closed the stream (e.g. a restart): come back as asked
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof SessionExpiredError) return callbacks.onSessionExpired();
        if (isCursorLost(error)) {
          cursor = null;
          callbacks.onResync();
          continue;
        }
        failures = error instanceof ApiError && NO_STREAM.has(error.status) ? FAILURES_BEFORE_POLLING : failures + 1;
        callbacks.onState(error instanceof ApiUnreachableError ? "offline" : "connecting");
        // From the server's `retry:`, or the default when it asked for none (0): failures must slow down.
        const backoff = { ...STREAM_BACKOFF, baseMs: retryMs || STREAM_BACKOFF.baseMs };
        await wait(retryDelayMs(failures, error, backoff), signal);
      }
    }
  }

  void run();
}
