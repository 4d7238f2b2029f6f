/**
 * Where to go after signing in or up: the `next` query parameter, kept only when it stays on this site.
 *
 * A prefix test cannot decide that: browsers drop tabs and newlines from URLs and read a backslash as a
 * slash, so `/\t/evil.example` becomes `//evil.example`, another host. So `next` is resolved the way the
 * browser will resolve it, against an origin, and kept only when the result has that same origin; what is
 * kept is the resolved path, query and fragment (never a host). Any origin would do for the comparison:
 * a reserved name (RFC 2606) that can never be a real site's.
 */

export const DEFAULT_NEXT_PATH = "/tasks";
const SOME_ORIGIN = "http://next-path.invalid";

export function safeNextPath(next: string | string[] | null | undefined): string {
  // Only a path: an absolute URL is never needed (links here build `next` from a path), a repeated
  // `?next=` is ambiguous.
  if (typeof next !== "string" || !next.startsWith("/")) return DEFAULT_NEXT_PATH;
  let url: URL;
  try {
    url = new URL(next, SOME_ORIGIN);
  } catch {
    return DEFAULT_NEXT_PATH;
  }
  // `/.//evil.example` resolves to the path `//evil.example` on this origin, which, handed on as a path,
  // would read as a host again.
  if (url.origin !== SOME_ORIGIN || url.pathname.startsWith("//")) return DEFAULT_NEXT_PATH;
  return url.pathname + url.search + url.hash;
}

/** Links between sign-in and sign-up keep where the user was going (e.g. /device?user_code=…). */
export function withNext(path: string, nextPath: string): string {
  return nextPath === DEFAULT_NEXT_PATH ? path : `${path}?next=${encodeURIComponent(nextPath)}`;
}
