"use client";

import { useCallback } from "react";

import { useApi } from "@/components/app/providers";
import { ApiError, type Task, unwrap } from "@/lib/api/client";

/**
 * The task's strong ETag, as the API answered it in the copy the page holds (every task carries its `etag`,
 * so no extra read): sent as If-Match, it turns "someone else changed this meanwhile" into a 412 instead of
 * a lost update.
 */
export function etagOf(task: Pick<Task, "etag">): string {
  return task.etag;
}

/** The API refused a write because the task changed since the page read it. */
export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 412;
}

/** A write that lost the race: what the person tried, next to what the server holds now (null: deleted). */
export type Conflict = {
  action: "edit" | "toggle" | "delete";
  /** The task's title as the person saw it when acting, for the heading and the buttons' names. */
  title: string;
  /** What re-applying would leave: the current task with the person's change (the held task if deleted). */
  attempted: Task;
  current: Task | null;
};

/** Reads the task as it is now, for the conflict view; null when it was deleted elsewhere. */
export function useFetchCurrentTask(): (id: number) => Promise<Task | null> {
  const api = useApi();
  return useCallback(
    async (id: number) => {
      try {
        return unwrap(await api.GET("/api/v1/todos/{todo_id}", { params: { path: { todo_id: id } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
    [api],
  );
}

/**
 * An Idempotency-Key for one write, reused by its retries. crypto.randomUUID exists only in secure
 * contexts (HTTPS, localhost); a plain-HTTP deployment on a LAN falls back to 128 random bits.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A write's variables with the Idempotency-Key of this one write. */
export type Keyed<V> = V & { idempotencyKey: string };

/**
 * Every task write is sent with an Idempotency-Key made here, once per mutate() call: TanStack Query hands
 * the same variables to each retry (and the 401 refresh resends the same request), so every attempt of one
 * write carries one key and the API applies it once, replaying its first answer to a retry whose earlier
 * answer was lost — no double write, no 412 about our own change. A new click is a new write: a new key.
 */
export function keyed<V extends object>(variables: V): Keyed<V> {
  return { ...variables, idempotencyKey: newIdempotencyKey() };
}

/**
 * Versions this page itself produced: "<id>-<version> before" → the task after our write. A click made
 * while our previous write to the same task was in flight holds the older version; following this chain
 * lets it through, while a version produced by anyone else still ends in a 412. Per tab, in memory.
 */
const ownWrites = new Map<string, Task>();

export function recordOwnWrite(before: Task, after: Task): void {
  ownWrites.set(etagOf(afterOwnWrites(before)), after);
}

export function afterOwnWrites(task: Task): Task {
  let latest = task;
  for (let next = ownWrites.get(etagOf(latest)); next !== undefined; next = ownWrites.get(etagOf(latest))) {
    latest = next;
  }
  return latest;
}
