import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

/** The look of every text control (Input, Textarea); each adds its own height. */
export const textControlClassName = cn(
  "flex w-full rounded-md border border-input bg-background px-3 py-2 text-base sm:text-sm",
  "placeholder:text-muted-foreground",
  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-offset-2 focus-visible:ring-offset-background",
  "aria-invalid:border-destructive disabled:opacity-60",
);

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(textControlClassName, "h-10", className)} {...props} />;
}
