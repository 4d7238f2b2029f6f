"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ApiUnreachableError, type Task } from "@/lib/api/client";

import { keyed } from "./conflicts";
import { FailureAlert } from "./failure-alert";
import { LiveStatus } from "./live-status";
import { Pagination } from "./pagination";
import { PAGE_SIZE } from "./queries";
import { useDeleteForever, useRestoreTask, useTrashList } from "./trash-queries";
import { useLiveUpdates } from "./use-live-updates";

function reason(error: Error): string {
  return error instanceof ApiUnreachableError ? "the Todos service cannot be reached" : error.message;
}

function deletedOn(task: Task): string {
  if (!task.deleted_at) return "";
  return new Date(task.deleted_at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The trash: restore a task, or delete it for good (after asking). The page number lives in the URL. */
export function TrashView() {
  const router = useRouter();
  const pathname = usePathname();
  const page = Math.max(1, Number.parseInt(useSearchParams().get("page") ?? "1", 10) || 1);
  const trash = useTrashList(page);
  const live = useLiveUpdates();
  const restore = useRestoreTask();
  const deleteForever = useDeleteForever();
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [toDelete, setToDelete] = useState<Task | null>(null);

  const onRestore = (task: Task) =>
    restore.mutate(keyed(task), {
      onSuccess: () => (setFailure(null), setNotice(`Restored “${task.title}” to your tasks.`)),
      onError: (error) => setFailure(`Could not restore “${task.title}”: ${reason(error)}.`),
    });
  const onDeleteForever = (task: Task) =>
    deleteForever.mutate(keyed(task), {
      onSuccess: () => (setFailure(null), setNotice(`Deleted “${task.title}” for good.`)),
      onError: (error) => setFailure(`Could not delete “${task.title}”: ${reason(error)}.`),
    });

  const data = trash.data;
  const pageCount = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <div className="grid gap-4">
      <LiveStatus state={live} />
      <div role="status" aria-live="polite" className="text-sm">
        {notice}
      </div>
      {failure && <FailureAlert message={failure} onDismiss={() => setFailure(null)} />}
      {trash.isPending ? (
        <p role="status" className="py-8 text-center text-muted-foreground">
          Loading the trash…
        </p>
      ) : trash.isError && !data ? (
        <Alert className="grid gap-3">
          <p>Could not load the trash: {reason(trash.error)}</p>
          <div>
            <Button variant="outline" size="sm" onClick={() => trash.refetch()} disabled={trash.isFetching}>
              Retry
            </Button>
          </div>
        </Alert>
      ) : data && data.items.length === 0 ? (
        <p className="rounded-md border border-dashed py-8 text-center text-muted-foreground">The trash is empty.</p>
      ) : (
        data && (
          <>
            <ul aria-label="Trashed tasks" aria-busy={trash.isFetching} className="divide-y rounded-md border">
              {data.items.map((task) => (
                <li key={task.id} className="flex flex-wrap items-center gap-x-3 gap-y-2 px-4 py-3">
                  <div className="min-w-0 flex-1 basis-48">
                    <p className="break-words font-medium">{task.title}</p>
                    <p className="text-xs text-muted-foreground">Deleted {deletedOn(task)}</p>
                  </div>
                  <div className="flex shrink-0 gap-1">
                    <Button size="sm" variant="outline" aria-label={`Restore ${task.title}`} onClick={() => onRestore(task)}>
                      Restore
                    </Button>
                    <Button
                      size="sm"
                      variant="ghost"
                      className="text-destructive"
                      aria-label={`Delete forever ${task.title}`}
                      onClick={() => setToDelete(task)}
                    >
                      Delete forever
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
            <Pagination
              page={page}
              pageCount={pageCount}
              onPageChange={(p) => router.replace(p === 1 ? pathname : `${pathname}?page=${p}`, { scroll: false })}
            />
          </>
        )
      )}
      <ConfirmDialog
        open={toDelete !== null}
        title="Delete this task forever?"
        confirmLabel="Delete forever"
        cancelLabel="Keep it"
        onConfirm={() => toDelete !== null && onDeleteForever(toDelete)}
        onClose={() => setToDelete(null)}
      >
        <p>“{toDelete?.title}” will be gone for good. This cannot be undone.</p>
      </ConfirmDialog>
    </div>
  );
}
