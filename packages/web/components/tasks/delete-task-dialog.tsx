"use client";

import { useEffect, useRef } from "react";

import { Button } from "@/components/ui/button";
import type { Task } from "@/lib/api/client";

/**
 * Asks before deleting. A native modal <dialog>: it traps focus, closes on Escape and returns focus to
 * the button that opened it.
 */
export function DeleteTaskDialog({
  task,
  onConfirm,
  onClose,
}: {
  task: Task | null;
  onConfirm: (task: Task) => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (task !== null && !dialog.open) dialog.showModal();
    if (task === null && dialog.open) dialog.close();
  }, [task]);

  return (
    <dialog
      ref={ref}
      aria-labelledby="delete-dialog-title"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-md border bg-card p-5 text-foreground backdrop:bg-black/50"
      onClose={onClose}
    >
      <h2 id="delete-dialog-title" className="text-lg font-semibold">
        Delete this task?
      </h2>
      <p className="mt-2 break-words text-sm text-muted-foreground">
        “{task?.title}” will be deleted for good.
      </p>
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="outline" onClick={onClose} autoFocus>
          Keep it
        </Button>
        <Button
          variant="destructive"
          onClick={() => {
            if (task !== null) onConfirm(task);
            onClose();
          }}
        >
          Delete
        </Button>
      </div>
    </dialog>
  );
}
