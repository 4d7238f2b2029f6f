"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Why the last write failed, in one line, until dismissed or replaced (the tasks and trash views). */
export function FailureAlert({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <Alert className="flex items-start justify-between gap-3">
      <span>{message}</span>
      <Button size="sm" variant="ghost" onClick={onDismiss}>
        Dismiss
      </Button>
    </Alert>
  );
}
