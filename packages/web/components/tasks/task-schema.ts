import { z } from "zod";

import { TODO_LIMITS } from "@/lib/api/limits";

import type { TaskChanges } from "./queries";

/** The task form; limits come from the API's openapi.json (generated into lib/api/limits.ts). */
export const taskFormSchema = z.object({
  title: z
    .string()
    .trim()
    .min(TODO_LIMITS.titleMin, "Enter a title.")
    .max(TODO_LIMITS.titleMax, `At most ${TODO_LIMITS.titleMax} characters.`),
  description: z
    .string()
    .trim()
    .max(TODO_LIMITS.descriptionMax, `At most ${TODO_LIMITS.descriptionMax} characters.`),
});

export type TaskFormValues = z.infer<typeof taskFormSchema>;

/** An empty description is sent as null: the API stores "no description", not "". */
export function toTaskChanges(values: TaskFormValues): TaskChanges {
  return { title: values.title, description: values.description === "" ? null : values.description };
}
