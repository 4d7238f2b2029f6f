/** followChanges (lib/api/live-changes.ts) over a fake fetch: where it resumes, and how long it waits. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import createClient from "openapi-fetch";

import type { ApiClient } from "@/lib/api/client";
import { followChanges } from "@/lib/api/live-changes";
import type { paths } from "@/lib/api/schema";

type Answer = () => Response;

const sse = (text: string): Answer => () =>
  new Response(text, { status: 200, headers: { "Content-Type": "text/event-stream" } });
const refusal =
  (status: number, code: string, headers: Record<string, string> = {}): Answer =>
  () =>
    Response.json({ status_code: status, code, detail: code }, { status, headers });

/**
 * Runs followChanges against these answers, one a request, until `until` says to stop (it sees each pause
 * asked for). Returns the requests made and the number of re-reads asked for.
 */
async function follow(answers: Answer[], until: (pauseMs: number) => boolean) {
  const requests: Request[] = [];
  let resyncs = 0;
  const controller = new AbortController();
  const stopped = new Promise<void>((resolve) => controller.signal.addEventListener("abort", () => resolve()));
  const fetch = async (request: Request) => {
    requests.push(request);
    const answer = answers.shift();
    if (answer === undefined) {
      controller.abort();
      throw new Error("no more answers");
    }
    return answer();
  };
  const api = createClient<paths>({ baseUrl: "http://api.test", fetch }) as ApiClient;
  const pauses: number[] = [];
  followChanges(
    api,
    { onChanges: () => {}, onResync: () => (resyncs += 1), onState: () => {}, onSessionExpired: () => {} },
    controller.signal,
    async (ms) => {
      pauses.push(ms);
      if (until(ms)) controller.abort();
    },
  );
  await stopped;
  return { requests, resyncs, pauses };
}

describe("followChanges", () => {
  it("resumes a stream that ended before any change from the stream's opening id", async () => {
    const { requests, resyncs } = await follow(
      [sse("retry: 0\nid: 0.0.5\n\n: heartbeat\n\n"), sse("retry: 0\nid: 0.0.5\n\n")],
      () => false,
    );

    assert.equal(requests[0]?.headers.get("Last-Event-ID"), null);
    assert.equal(requests[1]?.headers.get("Last-Event-ID"), "0.0.5");
    // Only the first stream started at "now"; the second one resumed, so nothing to re-read.
    assert.equal(resyncs, 1);
  });

  it("waits at least the Retry-After of a 503 before trying again", async () => {
    const { pauses } = await follow([refusal(503, "database_unavailable", { "Retry-After": "40" })], () => true);

    assert.ok(pauses[0] !== undefined && pauses[0] >= 40_000, `paused ${pauses[0]} ms`);
  });
});
