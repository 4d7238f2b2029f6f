"use client";

import { useEffect, useState } from "react";

import { useApiUrl } from "@/components/app/api-url";
import { Alert } from "@/components/ui/alert";
import { getAccessToken } from "@/lib/api/token";

type Task = { id: number; title: string; description: string | null; is_completed: boolean };
type State = { status: "loading" } | { status: "error"; message: string } | { status: "ok"; tasks: Task[] };

async function fetchTasks(apiUrl: string): Promise<Task[]> {
  const call = async (token: string) =>
    fetch(`${apiUrl}/api/v1/todos`, { headers: { Authorization: `Bearer ${token}` } });
  let response = await call(await getAccessToken());
  if (response.status === 401) {
    // The API refuses a token whose session has ended or key rotated away: try one fresh token.
    response = await call(await getAccessToken({ forceRefresh: true }));
  }
  if (!response.ok) throw new Error(`The API answered ${response.status}.`);
  const page = (await response.json()) as { items: Task[] };
  return page.items;
}

/** The signed-in user's tasks, read from the API with the Better Auth JWT (browser → API, CORS). */
export function TaskList() {
  const apiUrl = useApiUrl();
  const [state, setState] = useState<State>({ status: "loading" });

  useEffect(() => {
    let cancelled = false;
    fetchTasks(apiUrl).then(
      (tasks) => !cancelled && setState({ status: "ok", tasks }),
      (error: unknown) =>
        !cancelled &&
        setState({ status: "error", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [apiUrl]);

  if (state.status === "loading") return <p role="status">Loading tasks…</p>;
  if (state.status === "error") return <Alert>Could not load your tasks: {state.message}</Alert>;
  if (state.tasks.length === 0) return <p>No tasks yet.</p>;
  return (
    <ul aria-label="Tasks" className="divide-y rounded-md border">
      {state.tasks.map((task) => (
        <li key={task.id} className="px-4 py-3">
          <span className={task.is_completed ? "line-through text-muted-foreground" : undefined}>
            {task.title}
          </span>
        </li>
      ))}
    </ul>
  );
}
