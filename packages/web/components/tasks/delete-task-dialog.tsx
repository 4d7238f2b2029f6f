"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Task } from "@/lib/api/client";

/** Asks before moving a task to the trash (restorable there for 30 days, and by Undo right away). */
export function DeleteTaskDialog({
  task,
  onConfirm,
  onClose,
}: {
  task: Task | null;
  onConfirm: (task: Task) => void;
  onClose: () => void;
}) {
  return (
    <ConfirmDialog
      open={task !== null}
      title="Delete this task?"
      confirmLabel="Delete"
      cancelLabel="Keep it"
      onConfirm={() => task !== null && onConfirm(task)}
      onClose={onClose}
    >
      <p>“{task?.title}” moves to the trash, where you can restore it for 30 days.</p>
    </ConfirmDialog>
  );
}
