import type { Auth } from "better-auth";

/**
 * The running Better Auth instance's context (its database adapters), for code that Better Auth's own
 * options call back into: the `sid` of a key's JWT (lib/api-key-sessions.ts). lib/auth.ts builds the
 * instance from those options and hands its context here; the options cannot import lib/auth.ts, which
 * imports them (no import cycles in the web app: eslint's import/no-cycle checks it).
 */

type FullContext = Awaited<Auth["$context"]>;
/** What the callbacks use of it (the full type depends on the options, which are built from the callbacks). */
export type AuthContext = {
  adapter: Pick<FullContext["adapter"], "findOne" | "findMany">;
  internalAdapter: Pick<FullContext["internalAdapter"], "createSession">;
};

let current: Promise<AuthContext> | null = null;

export function provideAuthContext(context: Promise<AuthContext>): void {
  current = context;
}

export function authContext(): Promise<AuthContext> {
  // Only a request served by lib/auth.ts's instance calls back here, so it has always been provided.
  if (current === null) throw new Error("Better Auth is not built yet (lib/auth.ts provides its context).");
  return current;
}
