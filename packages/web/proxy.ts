import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

/**
 * Early redirect only: no session cookie → sign in, remembering where the user was going. The cookie is
 * not verified here; every protected layout checks the session itself.
 */
export function proxy(request: NextRequest) {
  const path = request.nextUrl.pathname + request.nextUrl.search;
  if (!getSessionCookie(request)) {
    const signIn = new URL("/sign-in", request.url);
    signIn.searchParams.set("next", path);
    return NextResponse.redirect(signIn);
  }
  // Lets the layout send an expired session back to this same page after signing in.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-todos-path", path);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = {
  // Every signed-in page (app/(app)/*), so that signing in from any of them comes back to it.
  matcher: ["/tasks/:path*", "/trash/:path*", "/device", "/settings/:path*"],
};
