import type { Metadata } from "next";
import { Suspense } from "react";

import { TasksView } from "@/components/tasks/tasks-view";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Your tasks</h1>
      <Suspense fallback={<p className="text-muted-foreground">Loading tasks…</p>}>
        <TasksView />
      </Suspense>
    </>
  );
}
