"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useApi } from "@/components/app/providers";
import { type Task, unwrap } from "@/lib/api/client";
import { queryRetry } from "@/lib/api/retry";

import { etagOf, type Keyed } from "./conflicts";
import { deleteTodo, PAGE_SIZE, taskKeys } from "./queries";

/** Under taskKeys.all, so that every task write and every live change re-reads the trash too. */
export const trashKeys = {
  page: (page: number) => [...taskKeys.all, "trash", page] as const,
};

export function useTrashList(page: number) {
  const api = useApi();
  return useQuery({
    queryKey: trashKeys.page(page),
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/todos", {
          params: { query: { trashed: true, skip: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * Takes a task out of the trash. Undo right after a delete sends no If-Match: a trashed task cannot be
 * edited, so there is no newer change to lose; its Idempotency-Key makes a retry get the first answer.
 */
export function useRestoreTask() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: Keyed<Task>) =>
      unwrap(
        await api.POST("/api/v1/todos/{todo_id}/restore", {
          params: { path: { todo_id: task.id }, header: { "Idempotency-Key": task.idempotencyKey } },
        }),
      ),
    ...queryRetry, // keyed: the one retry policy may repeat it
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/** Deletes a trashed task for good, if it is still the version on screen (If-Match). */
export function useDeleteForever() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Keyed<Task>) => deleteTodo(api, task.id, etagOf(task), task.idempotencyKey, true),
    ...queryRetry, // keyed: the one retry policy may repeat it
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
