import type { Metadata } from "next";

import { TaskList } from "@/components/tasks/task-list";

export const metadata: Metadata = { title: "Tasks" };

export default function TasksPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-semibold">Your tasks</h1>
      <TaskList />
    </>
  );
}
