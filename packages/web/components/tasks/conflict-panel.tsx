"use client";

import { useEffect, useId, useRef } from "react";

import { Button } from "@/components/ui/button";
import type { Task } from "@/lib/api/client";

import type { Conflict } from "./conflicts";

const ACTIONS: Record<Conflict["action"], string> = {
  edit: "edit",
  toggle: "change",
  delete: "deletion",
};

function TaskVersion({ heading, task, deleted }: { heading: string; task: Task | null; deleted?: boolean }) {
  return (
    <section aria-label={heading} className="min-w-0 rounded-md border bg-card p-3 text-foreground">
      <h4 className="text-xs font-semibold uppercase tracking-wide text-muted-foreground">{heading}</h4>
      {task === null || deleted ? (
        <p className="mt-1 font-medium">{task === null ? "Deleted" : `Delete “${task.title}”`}</p>
      ) : (
        <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Title</dt>
          <dd className="break-words font-medium">{task.title}</dd>
          <dt className="text-muted-foreground">Description</dt>
          <dd className="whitespace-pre-line break-words">{task.description ?? "—"}</dd>
          <dt className="text-muted-foreground">Status</dt>
          <dd>{task.is_completed ? "Done" : "Not done"}</dd>
        </dl>
      )}
    </section>
  );
}

/**
 * A write that met a newer version (412): the server's task beside the person's change, and the two ways
 * out. Nothing is overwritten until they choose. Announced as an alert, and focus moves to its heading so
 * keyboard and screen-reader users land on the choice.
 */
export function ConflictPanel({
  conflict,
  busy,
  onReapply,
  onDiscard,
}: {
  conflict: Conflict;
  busy: boolean;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const { title, attempted, current, action } = conflict;

  // A new conflict (e.g. re-apply met yet another version) takes focus again.
  const currentVersion = current?.version;
  useEffect(() => heading.current?.focus(), [currentVersion]);

  return (
    <div
      role="alert"
      aria-labelledby={headingId}
      className="grid gap-3 rounded-md border border-destructive/60 p-4 text-sm"
    >
      <h3 id={headingId} ref={heading} tabIndex={-1} className="font-semibold text-destructive focus:outline-none">
        {current === null
          ? `“${title}” was deleted elsewhere`
          : `“${title}” was changed elsewhere`}
      </h3>
      <p className="text-muted-foreground">
        {current === null
          ? "Your change was not saved: the task no longer exists."
          : `Your ${ACTIONS[action]} was not saved, so nothing was overwritten. Re-apply it over the current version, or discard it.`}
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TaskVersion heading="Current version" task={current} />
        <TaskVersion heading="Your change" task={attempted} deleted={action === "delete"} />
      </div>
      <div className="flex flex-wrap gap-2">
        {current !== null && (
          <Button size="sm" disabled={busy} aria-label={`Re-apply my change to “${title}”`} onClick={onReapply}>
            Re-apply my change
          </Button>
        )}
        <Button
          size="sm"
          variant="outline"
          disabled={busy}
          aria-label={`Discard my change to “${title}”`}
          onClick={onDiscard}
        >
          Discard my change
        </Button>
      </div>
    </div>
  );
}
