import { Button } from "@/components/ui/button";

export type TaskAction = {
  label: string;
  onClick: () => void;
  variant?: "ghost" | "outline";
  destructive?: boolean;
};

/**
 * A task row's buttons. Each is named with its task for screen readers ("Delete Buy milk"): the visible
 * label alone repeats down the list.
 */
export function TaskActions({ title, actions }: { title: string; actions: TaskAction[] }) {
  return (
    <div className="flex shrink-0 gap-1">
      {actions.map(({ label, onClick, variant = "ghost", destructive = false }) => (
        <Button
          key={label}
          size="sm"
          variant={variant}
          className={destructive ? "text-destructive" : undefined}
          aria-label={`${label} ${title}`}
          onClick={onClick}
        >
          {label}
        </Button>
      ))}
    </div>
  );
}
