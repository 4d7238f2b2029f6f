"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlProps, Field, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";

import { keyed } from "./conflicts";
import { showApiErrors } from "./form-errors";
import { useCreateTask } from "./queries";
import { type TaskFormValues, taskFormSchema, toTaskChanges } from "./task-schema";

export function AddTaskForm({ onCreated }: { onCreated: (title: string) => void }) {
  const create = useCreateTask();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TaskFormValues>({
    resolver: zodResolver(taskFormSchema),
    defaultValues: { title: "", description: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: TaskFormValues) {
    setFormError(null);
    try {
      // One key per submit: retries of this create reuse it, the next submit gets a new one.
      const task = await create.mutateAsync(keyed({ changes: toTaskChanges(values) }));
      form.reset();
      form.setFocus("title");
      onCreated(task.title);
    } catch (error) {
      setFormError(showApiErrors(error, form.setError));
    }
  }

  return (
    <form
      aria-label="Add a task"
      className="grid gap-3 rounded-md border p-4"
      noValidate
      onSubmit={form.handleSubmit(onSubmit)}
    >
      {formError && <Alert>{formError}</Alert>}
      <Field>
        <FieldLabel htmlFor="new-title">Title</FieldLabel>
        <Input
          {...controlProps("new-title", errors.title)}
          placeholder="What needs doing?"
          {...form.register("title")}
        />
        <FieldError id="new-title-error">{errors.title?.message}</FieldError>
      </Field>
      <Field>
        <FieldLabel htmlFor="new-description">Description (optional)</FieldLabel>
        <Textarea
          {...controlProps("new-description", errors.description)}
          rows={2}
          {...form.register("description")}
        />
        <FieldError id="new-description-error">{errors.description?.message}</FieldError>
      </Field>
      <div>
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? "Adding…" : "Add task"}
        </Button>
      </div>
    </form>
  );
}
