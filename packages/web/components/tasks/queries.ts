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
import { type Task, type TaskPage, unwrap } from "@/lib/api/client";

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

export function useToggleTask(onFailure: (task: Task, error: Error) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    // Sets the state rather than toggling it, so that a retried request cannot flip it twice.
    mutationFn: async (task: Task) =>
      unwrap(
        await api.PATCH("/api/v1/todos/{todo_id}/complete", {
          params: { path: { todo_id: task.id } },
          body: { is_completed: !task.is_completed },
        }),
      ),
    onMutate: async (task) => ({
      snapshot: await applyOptimistically(queryClient, (t) =>
        t.id === task.id ? { ...t, is_completed: !task.is_completed } : t,
      ),
    }),
    onError: (error, task, context) => {
      rollBack(queryClient, context?.snapshot);
      onFailure(task, error);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export function useDeleteTask(onFailure: (task: Task, error: Error) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (task: Task) =>
      unwrap(await api.DELETE("/api/v1/todos/{todo_id}", { params: { path: { todo_id: task.id } } })),
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
    mutationFn: async ({ task, changes }: { task: Task; changes: TaskChanges }) =>
      unwrap(
        await api.PUT("/api/v1/todos/{todo_id}", { params: { path: { todo_id: task.id } }, body: changes }),
      ),
    onMutate: async ({ task, changes }) => ({
      snapshot: await applyOptimistically(queryClient, (t) => (t.id === task.id ? { ...t, ...changes } : t)),
    }),
    // The form shows the error next to its fields; here only the screen is put back.
    onError: (_error, _variables, context) => rollBack(queryClient, context?.snapshot),
    onSettled: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}

export function useCreateTask() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: TaskChanges) => unwrap(await api.POST("/api/v1/todos", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: taskKeys.all }),
  });
}
