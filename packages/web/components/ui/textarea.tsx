import type { ComponentProps } from "react";

import { cn } from "@/lib/utils";

import { textControlClassName } from "./input";

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(textControlClassName, "min-h-20", className)} {...props} />;
}
