"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlProps, Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import type { Task } from "@/lib/api/client";

import { ConflictPanel } from "./conflict-panel";
import { type Conflict, isConflict, keyed, useFetchCurrentTask } from "./conflicts";
import { showApiErrors } from "./form-errors";
import { useUpdateTask } from "./queries";
import { type TaskFormValues, taskFormSchema, toTaskChanges } from "./task-schema";

/**
 * Edit in place: replaces the task's row until saved or cancelled. The save names the version it was
 * based on (If-Match); when the task changed elsewhere meanwhile, the form stays open with both versions.
 */
export function EditTaskForm({ task: shown, onDone }: { task: Task; onDone: () => void }) {
  // The version the person started editing, frozen: a list refetch meanwhile must not quietly become the
  // base of the save (that would overwrite the newer version unseen), nor rename the form under them.
  const [task] = useState(shown);
  const update = useUpdateTask();
  const fetchCurrent = useFetchCurrentTask();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const form = useForm<TaskFormValues>({
    resolver: zodResolver(taskFormSchema),
    defaultValues: { title: task.title, description: task.description ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const ids = { title: `edit-title-${task.id}`, description: `edit-description-${task.id}` };

  /** Saves over `base`: the task as first read, or, after a conflict, the current version (re-apply). */
  async function save(base: Task, values: TaskFormValues) {
    setFormError(null);
    const changes = toTaskChanges(values);
    try {
      await update.mutateAsync(keyed({ task: base, changes }));
      onDone();
    } catch (error) {
      if (!isConflict(error)) {
        setFormError(showApiErrors(error, form.setError));
        return;
      }
      try {
        const latest = await fetchCurrent(task.id);
        // "Your change" is what re-applying would leave: the current task with the person's fields.
        setConflict({ action: "edit", title: task.title, attempted: { ...(latest ?? base), ...changes }, current: latest });
      } catch (readError) {
        setFormError(showApiErrors(readError, form.setError));
      }
    }
  }

  const current = conflict?.current ?? null;

  return (
    <form
      aria-label={`Edit ${task.title}`}
      className="grid gap-3"
      noValidate
      onSubmit={form.handleSubmit((values) => save(current ?? task, values))}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone();
      }}
    >
      {formError && <Alert>{formError}</Alert>}
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          busy={isSubmitting}
          onReapply={form.handleSubmit((values) => save(current ?? task, values))}
          onDiscard={onDone}
        />
      )}
      <Field>
        <FieldLabel htmlFor={ids.title}>Title</FieldLabel>
        <Input
          {...controlProps(ids.title, errors.title)}
          autoFocus
          {...form.register("title")}
        />
        <FieldError id={`${ids.title}-error`}>{errors.title?.message}</FieldError>
      </Field>
      <Field>
        <FieldLabel htmlFor={ids.description}>Description</FieldLabel>
        <Textarea
          {...controlProps(ids.description, errors.description)}
          rows={2}
          {...form.register("description")}
        />
        <FieldError id={`${ids.description}-error`}>{errors.description?.message}</FieldError>
      </Field>
      {!conflict && (
        <div className="flex gap-2">
          <Button type="submit" size="sm" disabled={isSubmitting}>
            {isSubmitting ? "Saving…" : "Save"}
          </Button>
          <Button size="sm" variant="outline" onClick={onDone}>
            Cancel
          </Button>
        </div>
      )}
    </form>
  );
}
