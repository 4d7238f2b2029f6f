"use client";

import { useState } from "react";

import type { Task } from "@/lib/api/client";
import { cn } from "@/lib/utils";

import { EditTaskForm } from "./edit-task-form";
import { TaskActions } from "./task-actions";

export function TaskItem({
  task,
  onToggle,
  onDelete,
}: {
  task: Task;
  onToggle: (task: Task) => void;
  onDelete: (task: Task) => void;
}) {
  const [editing, setEditing] = useState(false);
  const checkboxId = `task-${task.id}`;

  if (editing) {
    return (
      <li className="px-4 py-3">
        <EditTaskForm task={task} onDone={() => setEditing(false)} />
      </li>
    );
  }

  return (
    <li className="flex items-start gap-3 px-4 py-3">
      <input
        id={checkboxId}
        type="checkbox"
        className="mt-1 size-5 shrink-0 accent-primary focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        checked={task.is_completed}
        onChange={() => onToggle(task)}
      />
      <div className="min-w-0 flex-1">
        <label
          htmlFor={checkboxId}
          className={cn("block break-words font-medium", task.is_completed && "text-muted-foreground line-through")}
        >
          {task.title}
        </label>
        {task.description && (
          <p className="mt-1 whitespace-pre-line break-words text-sm text-muted-foreground">{task.description}</p>
        )}
      </div>
      <TaskActions
        title={task.title}
        actions={[
          { label: "Edit", onClick: () => setEditing(true) },
          { label: "Delete", onClick: () => onDelete(task), destructive: true },
        ]}
      />
    </li>
  );
}
