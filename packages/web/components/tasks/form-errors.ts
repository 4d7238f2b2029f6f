import type { UseFormSetError } from "react-hook-form";

import { ApiError } from "@/lib/api/client";

import type { TaskFormValues } from "./task-schema";

const FIELDS: readonly (keyof TaskFormValues)[] = ["title", "description"];

/**
 * Puts the API's 422 messages beside their fields; returns the message for anything else (shown above the
 * form), or null when every message found its field.
 */
export function showApiErrors(error: unknown, setError: UseFormSetError<TaskFormValues>): string | null {
  if (error instanceof ApiError && error.status === 422) {
    const byField = error.fieldErrors();
    let placed = false;
    for (const field of FIELDS) {
      const message = byField[field];
      if (message !== undefined) {
        setError(field, { type: "server", message });
        placed = true;
      }
    }
    if (placed) return null;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
