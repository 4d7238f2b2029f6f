"use client";

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import { useApi } from "@/components/app/providers";
import { followChanges, type LiveState } from "@/lib/api/live-changes";

import { taskKeys } from "./queries";

// Changes arriving together (a CLI script adding ten tasks) cost one re-read, not ten.
const COALESCE_MS = 30;
// While this page's own write is in flight, a re-read would undo its optimistic state on screen; the
// write re-reads when it settles, so wait for it.
const WAIT_FOR_WRITES_MS = 100;

/**
 * Re-reads the cached task lists (and the trash) when a change made anywhere arrives. A re-read rather
 * than a patch of the cache: whether a new or changed task belongs on this page depends on the server's
 * filters, search, sort and paging, and one short GET answers that exactly.
 */
function refresher(queryClient: QueryClient): { request: () => void; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (queryClient.isMutating() > 0) {
      timer = setTimeout(flush, WAIT_FOR_WRITES_MS);
      return;
    }
    timer = undefined;
    void queryClient.invalidateQueries({ queryKey: taskKeys.all });
  };
  return {
    request: () => {
      timer ??= setTimeout(flush, COALESCE_MS);
    },
    cancel: () => clearTimeout(timer),
  };
}

/** Keeps the task lists on screen current with changes from other tabs, devices, the CLI and the SDK. */
export function useLiveUpdates(): LiveState {
  const api = useApi();
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");

  useEffect(() => {
    const controller = new AbortController();
    const refresh = refresher(queryClient);
    followChanges(
      api,
      {
        onChanges: refresh.request,
        onResync: refresh.request,
        onState: setState,
        // The list's own read then meets the expired session and sends the person to sign in.
        onSessionExpired: refresh.request,
      },
      controller.signal,
    );
    return () => {
      controller.abort();
      refresh.cancel();
    };
  }, [api, queryClient]);

  return state;
}
