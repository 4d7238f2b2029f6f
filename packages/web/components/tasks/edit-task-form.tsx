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

import { showApiErrors } from "./form-errors";
import { useUpdateTask } from "./queries";
import { type TaskFormValues, taskFormSchema, toTaskChanges } from "./task-schema";

/** Edit in place: replaces the task's row until saved or cancelled. */
export function EditTaskForm({ task, onDone }: { task: Task; onDone: () => void }) {
  const update = useUpdateTask();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TaskFormValues>({
    resolver: zodResolver(taskFormSchema),
    defaultValues: { title: task.title, description: task.description ?? "" },
  });
  const { errors, isSubmitting } = form.formState;
  const ids = { title: `edit-title-${task.id}`, description: `edit-description-${task.id}` };

  async function onSubmit(values: TaskFormValues) {
    setFormError(null);
    try {
      await update.mutateAsync({ task, changes: toTaskChanges(values) });
      onDone();
    } catch (error) {
      setFormError(showApiErrors(error, form.setError));
    }
  }

  return (
    <form
      aria-label={`Edit ${task.title}`}
      className="grid gap-3"
      noValidate
      onSubmit={form.handleSubmit(onSubmit)}
      onKeyDown={(event) => {
        if (event.key === "Escape") onDone();
      }}
    >
      {formError && <Alert>{formError}</Alert>}
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
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={isSubmitting}>
          {isSubmitting ? "Saving…" : "Save"}
        </Button>
        <Button size="sm" variant="outline" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
