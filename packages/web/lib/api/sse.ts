/**
 * A Server-Sent Events parser over a fetch body (the HTML standard's "event stream interpretation").
 * EventSource cannot send an Authorization header, so the live updates read the stream with fetch and
 * parse it here; a few dozen lines do not justify a dependency.
 */

export type SseEvent = {
  /** The event's `id:`; "" when it had none (the standard keeps the previous one; callers do that). */
  id: string;
  event: string;
  data: string;
};

export type SseFields = {
  onEvent: (event: SseEvent) => void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?: (ms: number) => void;
};

/** Reads the whole stream, calling back for each event; resolves when the server closes it. */
export async function readEventStream(body: ReadableStream<Uint8Array>, fields: SseFields): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let pending: SseEvent = { id: "", event: "", data: "" };
  let hasData = false;

  const dispatch = () => {
    // A blank line without any data line is not an event (e.g. after a lone `retry:`).
    if (hasData) {
      fields.onEvent({ ...pending, event: pending.event || "message", data: pending.data.replace(/\n$/, "") });
    }
    pending = { id: "", event: "", data: "" };
    hasData = false;
  };

  const handleLine = (line: string) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return; // a comment: the server's heartbeat
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "data") {
      pending.data += `${value}\n`;
      hasData = true;
    } else if (name === "event") {
      pending.event = value;
    } else if (name === "id" && !value.includes("\0")) {
      pending.id = value;
    } else if (name === "retry" && /^\d+$/.test(value)) {
      fields.onRetry?.(Number(value));
    }
  };

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      // Lines end with \r\n, \n or \r; a trailing \r may be the first half of a \r\n still on its way.
      const lines = buffer.split(/\r\n|\n|\r(?=.)/s);
      buffer = lines.pop() ?? "";
      for (const line of lines) handleLine(line);
    }
  } finally {
    reader.releaseLock();
  }
}
