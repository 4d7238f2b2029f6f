/**
 * A Server-Sent Events parser over a fetch body (the HTML standard's "event stream interpretation").
 * EventSource cannot send an Authorization header, so the live updates read the stream with fetch and
 * parse it here; a few dozen lines do not justify a dependency. The SDK's parser (todos_sdk/_changes.py)
 * reads the same byte-level fixtures (tests/fixtures/sse, run by tests/sse.test.ts).
 */

export type SseEvent = {
  event: string;
  data: string;
  /** The stream's last event id when this event was dispatched (an event without `id:` keeps the previous
   * one); null while the stream has set none. */
  id: string | null;
};

export type SseHandlers = {
  onEvent?: (event: SseEvent) => void;
  /**
   * The last event id changed: at the blank line ending a block with an `id:` field, with or without data.
   * An id-only block is how the API tells the stream's opening position, to resume from with Last-Event-ID.
   */
  onLastEventId?: (id: string) => void;
  /** A `retry:` field: the reconnection delay the server asks for, in milliseconds. */
  onRetry?: (ms: number) => void;
};

// Lines end with CRLF, LF or CR, nothing else (U+2028 and friends are data). A CR at the end of what has
// arrived is held back: it may be the first half of a CRLF still on its way.
const LINE_BREAK = /\r\n|\n|\r(?!$)/;

/**
 * Reads the whole stream, calling back as it goes; resolves when the server closes it. An event cut off
 * by the end of the stream is not dispatched, and its id does not count: a reconnection resumes before it.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  handlers: SseHandlers,
  lastEventId: string | null = null,
): Promise<void> {
  const reader = body.getReader();
  // UTF-8 whatever the charset says, invalid bytes as U+FFFD, one leading BOM dropped: TextDecoder's defaults.
  const decoder = new TextDecoder();
  let buffer = "";
  let idBuffer = lastEventId;
  let eventType = "";
  let data: string[] = [];

  const dispatch = () => {
    if (idBuffer !== lastEventId && idBuffer !== null) {
      lastEventId = idBuffer;
      handlers.onLastEventId?.(idBuffer);
    }
    // A blank line without any data line is not an event (e.g. after a lone `id:` or `retry:`).
    if (data.length > 0) handlers.onEvent?.({ event: eventType || "message", data: data.join("\n"), id: lastEventId });
    eventType = "";
    data = [];
  };

  const handleLine = (line: string) => {
    if (line === "") return dispatch();
    if (line.startsWith(":")) return; // a comment: the server's heartbeat
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "data") data.push(value);
    else if (name === "event") eventType = value;
    else if (name === "id" && !value.includes("\0")) idBuffer = value;
    else if (name === "retry" && /^[0-9]+$/.test(value)) handlers.onRetry?.(Number(value));
  };

  const handleLines = () => {
    const lines = buffer.split(LINE_BREAK);
    buffer = lines.pop() ?? "";
    for (const line of lines) handleLine(line);
  };

  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      handleLines();
    }
    // The end of the stream completes a line whose CR was held back; anything after the last break is dropped.
    buffer += decoder.decode();
    handleLines();
    if (buffer.endsWith("\r")) handleLine(buffer.slice(0, -1));
  } finally {
    reader.releaseLock();
  }
}
