import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

export function Alert({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      role="alert"
      className={cn("rounded-md border border-destructive/60 px-4 py-3 text-sm text-destructive", className)}
      {...props}
    />
  );
}
