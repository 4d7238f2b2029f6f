"use client";

import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { Task } from "@/lib/api/client";

const WORDING = {
  trash: {
    title: "Delete this task?",
    confirmLabel: "Delete",
    outcome: "moves to the trash, where you can restore it for 30 days.",
  },
  forever: {
    title: "Delete this task forever?",
    confirmLabel: "Delete forever",
    outcome: "will be gone for good. This cannot be undone.",
  },
} as const;

/**
 * Asks before deleting a task: from the list it moves to the trash (restorable there for 30 days, and by
 * Undo right away); from the trash (`forever`) it is gone for good.
 */
export function DeleteTaskDialog({
  task,
  forever = false,
  onConfirm,
  onClose,
}: {
  task: Task | null;
  forever?: boolean;
  onConfirm: (task: Task) => void;
  onClose: () => void;
}) {
  const wording = WORDING[forever ? "forever" : "trash"];
  return (
    <ConfirmDialog
      open={task !== null}
      title={wording.title}
      confirmLabel={wording.confirmLabel}
      cancelLabel="Keep it"
      onConfirm={() => task !== null && onConfirm(task)}
      onClose={onClose}
    >
      <p>
        “{task?.title}” {wording.outcome}
      </p>
    </ConfirmDialog>
  );
}
