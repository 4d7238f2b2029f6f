"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";
import type { Task } from "@/lib/api/client";

/**
 * Shown after a delete: the task went to the trash, and Undo brings it back at once. It stays until
 * dismissed or replaced (no timer: a time limit would shut out people who need longer to read and reach
 * it). Focus moves to Undo, because the deleted row that held the focus is gone.
 */
export function UndoDelete({
  task,
  busy,
  onUndo,
  onDismiss,
}: {
  task: Task;
  busy: boolean;
  onUndo: (task: Task) => void;
  onDismiss: () => void;
}) {
  const undo = useRef<HTMLButtonElement>(null);
  useEffect(() => undo.current?.focus(), [task.id]);

  return (
    <div
      role="status"
      className="flex flex-wrap items-center justify-between gap-x-3 gap-y-2 rounded-md border bg-card px-4 py-3 text-sm"
    >
      <p className="min-w-0 flex-1 basis-48 break-words">
        “{task.title}” moved to the{" "}
        <Link href="/trash" className="underline underline-offset-4">
          trash
        </Link>
        .
      </p>
      <div className="flex shrink-0 gap-1">
        <Button ref={undo} size="sm" variant="outline" disabled={busy} aria-label={`Undo delete of ${task.title}`} onClick={() => onUndo(task)}>
          {busy ? "Restoring…" : "Undo"}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDismiss}>
          Dismiss
        </Button>
      </div>
    </div>
  );
}
