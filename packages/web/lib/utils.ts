import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}

/**
 * A same-site path to go back to after signing in; anything else (other hosts, `//x`, a repeated
 * `?next=`) becomes /tasks.
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  if (typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
    return next;
  }
  return "/tasks";
}

/** Links between sign-in and sign-up keep where the user was going (e.g. /device?user_code=…). */
export function withNext(path: string, nextPath: string): string {
  return nextPath === "/tasks" ? path : `${path}?next=${encodeURIComponent(nextPath)}`;
}
