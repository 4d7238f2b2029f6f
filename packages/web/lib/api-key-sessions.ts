import type { BetterAuthOptions, Session } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";

import { authContext } from "./auth-context";

/**
 * API keys become JWTs the API can revoke at the next request.
 *
 * `GET /api/auth/token` with `x-api-key` is answered by the api-key plugin's "session from key": a session
 * that exists only in memory, whose id is the key's id. A JWT naming that id in `sid` would be refused by
 * the API, which checks `sid` against Better Auth's `session` table in its one SQL statement. So the JWT of
 * a key names a real session row instead: one per key (column `session.apiKeyId`), created on the first
 * exchange, reused by later ones, ending when the key expires, and deleted when the key is deleted or
 * changed (disabled). Deleting it is what makes the API refuse every JWT of that key at the next request;
 * the API itself is unchanged. See docs/decisions.md.
 */

const JWT_LIFETIME_MS = 15 * 60 * 1000;
/** A key's session is reused only while it outlives a fresh JWT, so a JWT never outlives its session early. */
const REUSE_MARGIN_MS = JWT_LIFETIME_MS + 60 * 1000;
const SESSION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** The one path that accepts `x-api-key`: the JWT exchange. The JWT itself carries the user's name and email. */
const KEY_PATHS = new Set(["/token"]);
/** Changing or deleting a key ends its session (a disabled key must stop working at once as well). */
const KEY_CHANGE_PATHS = new Set(["/api-key/delete", "/api-key/update"]);

type ApiKeyRow = { id: string; referenceId: string; expiresAt: Date | null };

/** The `sid` for a JWT: the session's own id, or, for a key's in-memory session, its key session's id. */
export async function jwtSessionId(session: Session): Promise<string> {
  const context = await authContext();
  const key = await context.adapter.findOne<ApiKeyRow>({
    model: "apikey",
    where: [{ field: "id", value: session.id }],
  });
  if (!key || key.referenceId !== session.userId) return session.id;
  const [reusable] = await context.adapter.findMany<Session>({
    model: "session",
    where: [
      { field: "apiKeyId", value: key.id },
      { field: "expiresAt", operator: "gt", value: new Date(Date.now() + REUSE_MARGIN_MS) },
    ],
    limit: 1,
  });
  if (reusable) return reusable.id;
  const sessionEnd = new Date(Date.now() + SESSION_LIFETIME_MS);
  const expiresAt = key.expiresAt && new Date(key.expiresAt) < sessionEnd ? new Date(key.expiresAt) : sessionEnd;
  const created = await context.internalAdapter.createSession(key.referenceId, false, { apiKeyId: key.id, expiresAt }, true);
  return created.id;
}

export const apiKeySessionHooks = {
  before: createAuthMiddleware(async (ctx) => {
    if (ctx.headers?.get("x-api-key") && !KEY_PATHS.has(ctx.path)) {
      // A leaked key must not be able to mint more keys or change the account.
      throw new APIError("FORBIDDEN", {
        code: "API_KEY_NOT_ALLOWED_HERE",
        message: "An API key can only be exchanged for a JWT (GET /api/auth/token).",
      });
    }
  }),
  after: createAuthMiddleware(async (ctx) => {
    if (!KEY_CHANGE_PATHS.has(ctx.path) || isAPIError(ctx.context.returned)) return;
    const keyId: unknown = (ctx.body as { keyId?: unknown } | undefined)?.keyId;
    if (typeof keyId !== "string") return;
    await ctx.context.adapter.deleteMany({ model: "session", where: [{ field: "apiKeyId", value: keyId }] });
  }),
} satisfies BetterAuthOptions["hooks"];
