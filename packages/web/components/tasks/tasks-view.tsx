"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ApiUnreachableError, type Task } from "@/lib/api/client";

import { AddTaskForm } from "./add-task-form";
import { ConflictPanel } from "./conflict-panel";
import { type Conflict, isConflict, keyed, useFetchCurrentTask } from "./conflicts";
import { DeleteTaskDialog } from "./delete-task-dialog";
import { FailureAlert } from "./failure-alert";
import { LiveStatus } from "./live-status";
import { Pagination } from "./pagination";
import { FILTERS, type Filter, PAGE_SIZE, type TaskListParams, useDeleteTask, useTaskList, useToggleTask } from "./queries";
import { TaskItem } from "./task-item";
import { TaskToolbar } from "./task-toolbar";
import { useRestoreTask } from "./trash-queries";
import { UndoDelete } from "./undo-delete";
import { useLiveUpdates } from "./use-live-updates";

/** The list's state lives in the URL (?page=&filter=&q=), so reload, back and re-sign-in keep it. */
function useListParams(): [TaskListParams, (changes: Partial<TaskListParams>) => void] {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const rawFilter = searchParams.get("filter");
  const params: TaskListParams = {
    page: Math.max(1, Number.parseInt(searchParams.get("page") ?? "1", 10) || 1),
    filter: FILTERS.find((f) => f === rawFilter) ?? "all",
    q: searchParams.get("q") ?? "",
  };
  const setParams = useCallback(
    (changes: Partial<TaskListParams>) => {
      const next = new URLSearchParams(searchParams);
      for (const [key, value] of Object.entries(changes)) {
        const isDefault = value === "" || value === "all" || value === 1;
        if (isDefault) next.delete(key);
        else next.set(key, String(value));
      }
      const query = next.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [router, pathname, searchParams],
  );
  return [params, setParams];
}

function failureMessage(action: string, task: Task, error: Error): string {
  const reason = error instanceof ApiUnreachableError ? "the Todos service cannot be reached" : error.message;
  return `Could not ${action} “${task.title}”: ${reason}. Nothing was changed.`;
}

/** Where a page starts: its filters and number (a cursor is only valid for the filters it was made with). */
function pageKey({ filter, q, page }: TaskListParams): string {
  return JSON.stringify([filter, q, page]);
}

export function TasksView() {
  const [params, setParams] = useListParams();
  // The next_cursor of each page seen, under the key of the page it leads to: "Next page" then asks for
  // exactly the tasks after the ones on screen (tasks added or deleted meanwhile shift nothing).
  const [cursors, setCursors] = useState<ReadonlyMap<string, string>>(new Map());
  const list = useTaskList(params, cursors.get(pageKey(params)));
  const live = useLiveUpdates();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Task | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const fetchCurrent = useFetchCurrentTask();

  /** A 412 is not a failure to report but a choice to offer: read the task as it is now, show both. */
  const onWriteFailed = useCallback(
    async (action: "toggle" | "delete", task: Task, completed: boolean, error: Error) => {
      const verb = action === "toggle" ? "update" : "delete";
      if (!isConflict(error)) {
        setFailure(failureMessage(verb, task, error));
        return;
      }
      try {
        const current = await fetchCurrent(task.id);
        const attempted = action === "toggle" ? { ...(current ?? task), is_completed: completed } : task;
        setConflict({ action, title: task.title, attempted, current });
      } catch (readError) {
        setFailure(failureMessage(verb, task, readError instanceof Error ? readError : error));
      }
    },
    [fetchCurrent],
  );
  const toggle = useToggleTask(({ task, completed }, error) => onWriteFailed("toggle", task, completed, error));
  const remove = useDeleteTask((task, error) => onWriteFailed("delete", task, task.is_completed, error));
  const restore = useRestoreTask();
  // The task just moved to the trash, while its Undo is offered.
  const [undoable, setUndoable] = useState<Task | null>(null);

  const deleteTask = useCallback(
    (task: Task) => remove.mutate(keyed(task), { onSuccess: () => setUndoable(task) }),
    [remove],
  );
  const undoDelete = useCallback(
    (task: Task) =>
      restore.mutate(keyed(task), {
        onSuccess: () => {
          setUndoable(null);
          setNotice(`Restored “${task.title}”.`);
          // The lists were re-read before this runs: the row is back, give it the focus Undo held.
          requestAnimationFrame(() => document.getElementById(`task-${task.id}`)?.focus());
        },
        onError: (error) => setFailure(failureMessage("restore", task, error)),
      }),
    [restore],
  );

  /** Closes the conflict and gives focus back to the task's checkbox (or the list, when it is gone). */
  const closeConflict = useCallback((id: number) => {
    setConflict(null);
    requestAnimationFrame(() => document.getElementById(`task-${id}`)?.focus());
  }, []);

  const reapply = useCallback(
    ({ action, attempted, current }: Conflict) => {
      if (current === null) return;
      closeConflict(attempted.id);
      if (action === "delete") deleteTask(current);
      else toggle.mutate(keyed({ task: current, completed: attempted.is_completed }));
    },
    [closeConflict, deleteTask, toggle],
  );

  const onFilterChange = useCallback((filter: Filter) => setParams({ filter, page: 1 }), [setParams]);
  const onSearchChange = useCallback((q: string) => setParams({ q, page: 1 }), [setParams]);

  const page = list.data;
  const onPageChange = (next: number) => {
    const cursor = page?.next_cursor;
    if (next === params.page + 1 && cursor) {
      setCursors((known) => new Map(known).set(pageKey({ ...params, page: next }), cursor));
    }
    setParams({ page: next });
  };
  // `total` is exact up to 10000 (total_is_exact); past that the count reads "10000+" and Next follows the cursor.
  const exact = page?.total_is_exact ?? true;
  const pageCount = page ? Math.max(1, Math.ceil(page.total / PAGE_SIZE)) : 1;
  const filtered = params.filter !== "all" || params.q !== "";

  return (
    <div className="grid gap-5">
      <AddTaskForm
        onCreated={(title) => {
          setFailure(null);
          setNotice(`Added “${title}”.`);
          // New tasks are listed first: show the first page, unfiltered, so the new one is in view.
          setParams({ page: 1, filter: "all", q: "" });
        }}
      />
      <div role="status" aria-live="polite" className="sr-only">
        {notice}
      </div>
      {failure && <FailureAlert message={failure} onDismiss={() => setFailure(null)} />}
      {undoable && (
        <UndoDelete task={undoable} busy={restore.isPending} onUndo={undoDelete} onDismiss={() => setUndoable(null)} />
      )}
      {conflict && (
        <ConflictPanel
          conflict={conflict}
          busy={false}
          onReapply={() => reapply(conflict)}
          onDiscard={() => closeConflict(conflict.attempted.id)}
        />
      )}
      <LiveStatus state={live} />
      <TaskToolbar filter={params.filter} q={params.q} onFilterChange={onFilterChange} onSearchChange={onSearchChange} />

      {list.isPending ? (
        <p role="status" className="py-8 text-center text-muted-foreground">
          Loading tasks…
        </p>
      ) : list.isError && !page ? (
        <Alert className="grid gap-3">
          <p>
            {list.error instanceof ApiUnreachableError
              ? "Can’t reach the Todos service right now. Check your connection, then try again."
              : `Could not load your tasks: ${list.error.message}`}
          </p>
          <div>
            <Button variant="outline" size="sm" onClick={() => list.refetch()} disabled={list.isFetching}>
              {list.isFetching ? "Retrying…" : "Retry"}
            </Button>
          </div>
        </Alert>
      ) : page && page.items.length === 0 ? (
        <p className="rounded-md border border-dashed py-8 text-center text-muted-foreground">
          {filtered ? "No tasks match." : "No tasks yet. Add your first one above."}
        </p>
      ) : (
        page && (
          <>
            <p className="text-sm text-muted-foreground">
              {page.total}
              {exact ? "" : "+"} {page.total === 1 ? "task" : "tasks"}
              {filtered ? " match" : ""}
            </p>
            <ul aria-label="Tasks" aria-busy={list.isFetching} className="divide-y rounded-md border">
              {page.items.map((task) => (
                <TaskItem key={task.id} task={task} onToggle={(t) => toggle.mutate(keyed({ task: t, completed: !t.is_completed }))} onDelete={setToDelete} />
              ))}
            </ul>
            <Pagination
              page={params.page}
              pageCount={pageCount}
              more={!exact && Boolean(page.next_cursor)}
              onPageChange={onPageChange}
            />
          </>
        )
      )}
      <DeleteTaskDialog task={toDelete} onConfirm={deleteTask} onClose={() => setToDelete(null)} />
    </div>
  );
}
