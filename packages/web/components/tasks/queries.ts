"use client";

import {
  keepPreviousData,
  type QueryClient,
  type QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";

import { useApi } from "@/components/app/providers";
import { type ApiClient, type Task, type TaskPage, unwrap } from "@/lib/api/client";
import { queryRetry } from "@/lib/api/retry";

import { afterOwnWrites, etagOf, type Keyed, recordOwnWrite } from "./conflicts";

export const PAGE_SIZE = 10;
export const FILTERS = ["all", "active", "completed"] as const;
export type Filter = (typeof FILTERS)[number];
export type TaskListParams = { page: number; filter: Filter; q: string };

export const taskKeys = {
  all: ["tasks"] as const,
  list: (params: TaskListParams) => ["tasks", "list", params] as const,
};

const COMPLETED: Record<Filter, boolean | undefined> = { all: undefined, active: false, completed: true };

/**
 * One page of the list. With `cursor` (the previous page's `next_cursor`) the API starts right after that
 * page, at the cost of a first page however deep it is; without one (a reload on ?page=5) it skips.
 */
export function useTaskList(params: TaskListParams, cursor?: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...taskKeys.list(params), cursor ?? null],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET("/api/v1/todos", {
          params: {
            query: {
              ...(cursor ? { cursor } : { skip: (params.page - 1) * PAGE_SIZE }),
              limit: PAGE_SIZE,
              completed: COMPLETED[params.filter],
              q: params.q || undefined,
            },
          },
          signal,
        }),
      ),
    // Paging and filtering keep the previous list on screen until the next one arrives.
    placeholderData: keepPreviousData,
  });
}

type Snapshot = [QueryKey, TaskPage | undefined][];

/**
 * The optimistic recipe, step one and two: stop in-flight reads (they would overwrite us), remember every
 * cached list, then apply `change` to each (null removes the task).
 */
async function applyOptimistically(
  queryClient: QueryClient,
  change: (task: Task) => Task | null,
): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: taskKeys.all });
  const snapshot = queryClient.getQueriesData<TaskPage>({ queryKey: taskKeys.all });
  queryClient.setQueriesData<TaskPage>({ queryKey: taskKeys.all }, (page) => {
    if (page === undefined) return page;
    const items = page.items.map(change);
    const kept = items.filter((task): task is Task => task !== null);
    return { ...page, items: kept, total: page.total - (items.length - kept.length) };
  });
  return snapshot;
}

function rollBack(queryClient: QueryClient, snapshot: Snapshot | undefined): void {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

/** After a write succeeds, the server's answer (with its new version) replaces the task on every cached page. */
function storeAnswer(queryClient: QueryClient, updated: Task): void {
  queryClient.setQueriesData<TaskPage>({ queryKey: taskKeys.all }, (page) =>
    page === undefined ? page : { ...page, items: page.items.map((t) => (t.id === updated.id ? updated : t)) },
  );
}

/**
 * Task writes run one after another (TanStack Query's mutation scope), so a quick second click starts from
 * the version the first one produced instead of meeting its own 412.
 */
const TASK_WRITES = { id: "task-writes" };

export type ToggleVariables = Keyed<{ task: Task; completed: boolean }>;

export function useToggleTask(onFailure: (variables: ToggleVariables, error: Error) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    // Sets the state rather than toggling it, so that a retried request cannot flip it twice.
    mutationFn: async ({ task, completed, idempotencyKey }: ToggleVariables) =>
      unwrap(
        await api.PATCH("/api/v1/todos/{todo_id}/complete", {
          params: {
            path: { todo_id: task.id },
            header: { "If-Match": etagOf(afterOwnWrites(task)), "Idempotency-Key": idempotencyKey },
          },
          body: { is_completed: completed },
        }),
      ),
    // Every write carries its Idempotency-Key (keyed()), so the one retry policy may repeat it.
    ...queryRetry,
    scope: TASK_WRITES,
    onMutate: async ({ task, completed }) => ({
      snapshot: await applyOptimistically(queryClient, (t) =>
        t.id === task.id ? { ...t, is_completed: completed } : t,
      ),
    }),
    onSuccess: (updated, { task }) => {
      recordOwnWrite(task, updated);
      storeAnswer(queryClient, updated);
    },
    onError: (error, variables, context) => {
      rollBack(queryClient, context?.snapshot);
      onFailure(variables, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

/**
 * DELETE one task if `etag` is still its version (If-Match): into the trash, or for good with `permanent`;
 * `idempotencyKey`: the write's key (a retry gets the first 204 back, not a 404).
 */
export async function deleteTodo(api: ApiClient, id: number, etag: string, idempotencyKey: string, permanent = false) {
  return unwrap(
    await api.DELETE("/api/v1/todos/{todo_id}", {
      params: {
        path: { todo_id: id },
        query: permanent ? { permanent } : undefined,
        header: { "If-Match": etag, "Idempotency-Key": idempotencyKey },
      },
    }),
  );
}

export function useDeleteTask(onFailure: (task: Task, error: Error) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (task: Keyed<Task>) => deleteTodo(api, task.id, etagOf(afterOwnWrites(task)), task.idempotencyKey),
    // Every write carries its Idempotency-Key (keyed()), so the one retry policy may repeat it.
    ...queryRetry,
    scope: TASK_WRITES,
    onMutate: async (task) => ({
      snapshot: await applyOptimistically(queryClient, (t) => (t.id === task.id ? null : t)),
    }),
    onError: (error, task, context) => {
      rollBack(queryClient, context?.snapshot);
      onFailure(task, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export type TaskChanges = { title: string; description: string | null };

export function useUpdateTask() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, changes, idempotencyKey }: Keyed<{ task: Task; changes: TaskChanges }>) =>
      unwrap(
        await api.PUT("/api/v1/todos/{todo_id}", {
          params: {
            path: { todo_id: task.id },
            header: { "If-Match": etagOf(afterOwnWrites(task)), "Idempotency-Key": idempotencyKey },
          },
          body: changes,
        }),
      ),
    // Every write carries its Idempotency-Key (keyed()), so the one retry policy may repeat it.
    ...queryRetry,
    scope: TASK_WRITES,
    onMutate: async ({ task, changes }) => ({
      snapshot: await applyOptimistically(queryClient, (t) => (t.id === task.id ? { ...t, ...changes } : t)),
    }),
    onSuccess: (updated, { task }) => {
      recordOwnWrite(task, updated);
      storeAnswer(queryClient, updated);
    },
    // The form shows the error (or the conflict) next to its fields; here only the screen is put back.
    onError: (_error, _variables, context) => rollBack(queryClient, context?.snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export type CreateVariables = Keyed<{ changes: TaskChanges }>;

export function useCreateTask() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    // The key travels in the variables, so every retry of this one create sends the same key and the API
    // creates the task once even when an earlier attempt's answer was lost.
    mutationFn: async ({ changes, idempotencyKey }: CreateVariables) =>
      unwrap(
        await api.POST("/api/v1/todos", {
          params: { header: { "Idempotency-Key": idempotencyKey } },
          body: changes,
        }),
      ),
    // Safe to retry thanks to the key, on the failures and after the pauses of the one policy.
    ...queryRetry,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
