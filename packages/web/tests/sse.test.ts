/**
 * The web's SSE parser against the byte-level fixtures the SDK's parser also runs (tests/fixtures/sse at
 * the repository's root; its README describes a case's keys).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";

import { readEventStream, type SseEvent } from "@/lib/api/sse";

// npm runs the tests from packages/web.
const FIXTURES = join(process.cwd(), "..", "..", "tests", "fixtures", "sse");

type Case = {
  chunks: (string | { hex: string })[];
  events: SseEvent[];
  last_event_id: string | null;
  retry_ms: number | null;
};

function bytesOf(chunk: Case["chunks"][number]): Uint8Array {
  return typeof chunk === "string" ? new TextEncoder().encode(chunk) : Uint8Array.from(Buffer.from(chunk.hex, "hex"));
}

function everyByte(chunks: Uint8Array[]): Uint8Array[] {
  return chunks.flatMap((chunk) => Array.from(chunk, (byte) => Uint8Array.of(byte)));
}

/** A response body that delivers these chunks one read at a time, as the network would. */
function body(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

async function parse(chunks: Uint8Array[]) {
  const events: SseEvent[] = [];
  let lastEventId: string | null = null;
  let retryMs: number | null = null;
  await readEventStream(body(chunks), {
    onEvent: (event) => events.push(event),
    onLastEventId: (id) => (lastEventId = id),
    onRetry: (ms) => (retryMs = ms),
  });
  return { events, lastEventId, retryMs };
}

const cases = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".json"))
  .sort();

describe("readEventStream reads each fixture as the standard does", () => {
  it("finds the fixtures", () => assert.ok(cases.length >= 20, `${cases.length} fixtures in ${FIXTURES}`));

  for (const name of cases) {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Case;
    const chunks = fixture.chunks.map(bytesOf);
    for (const [split, delivered] of [
      ["as given", chunks],
      ["every byte", everyByte(chunks)],
    ] as const) {
      it(`${name.replace(/\.json$/, "")} (${split})`, async () => {
        const parsed = await parse(delivered);
        assert.deepEqual(parsed.events, fixture.events);
        assert.equal(parsed.lastEventId, fixture.last_event_id);
        assert.equal(parsed.retryMs, fixture.retry_ms);
      });
    }
  }
});

describe("readEventStream", () => {
  it("gives events without an id the id the stream was resumed from", async () => {
    const events: SseEvent[] = [];
    await readEventStream(body([new TextEncoder().encode("data: a\n\n")]), { onEvent: (e) => events.push(e) }, "4.0.1");
    assert.deepEqual(events, [{ event: "message", data: "a", id: "4.0.1" }]);
  });
});
