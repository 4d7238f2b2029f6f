import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/** shadcn's Field family: a label, a control, an optional description and an error announced to readers. */
export function Field({ className, ...props }: ComponentProps<"div">) {
  return <div className={cn("grid gap-1.5", className)} {...props} />;
}

export function FieldLabel({ className, ...props }: ComponentProps<"label">) {
  return <label className={cn("text-sm font-medium leading-none", className)} {...props} />;
}

export function FieldDescription({ className, ...props }: ComponentProps<"p">) {
  return <p className={cn("text-xs text-muted-foreground", className)} {...props} />;
}

/**
 * A control's id and error wiring: while `error` is set the control is invalid and described by its
 * FieldError, whose id must be `${id}-error`; otherwise by `hintId`, if any.
 */
export function controlProps(id: string, error: unknown, hintId?: string) {
  return {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : hintId,
  } as const;
}

export function FieldError({ className, children, ...props }: ComponentProps<"p">) {
  if (!children) return null;
  return (
    <p role="alert" className={cn("text-sm text-destructive", className)} {...props}>
      {children}
    </p>
  );
}
