import { randomBytes } from "node:crypto";

import type { BetterAuthOptions } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { bearer } from "better-auth/plugins/bearer";
import { jwt } from "better-auth/plugins/jwt";

import { authBaseUrl, isBuildPhase, requireEnv, trustedOrigins } from "./config";
import { getPool } from "./db";

/**
 * Better Auth's configuration, shared by the server (`lib/auth.ts`) and the migration script, so that
 * migrations create exactly the tables the plugins need (`jwks` included).
 */
export function authOptions({ requireSecret = true }: { requireSecret?: boolean } = {}) {
  const baseURL = authBaseUrl();
  const secret = isBuildPhase()
    ? // `next build` loads this module but never serves a request: a throwaway secret keeps Better Auth quiet.
      randomBytes(32).toString("base64url")
    : requireSecret
      ? requireEnv("BETTER_AUTH_SECRET")
      : process.env.BETTER_AUTH_SECRET;
  return {
    appName: "Todos",
    baseURL,
    secret,
    database: getPool(),
    emailAndPassword: { enabled: true },
    user: { deleteUser: { enabled: true } },
    trustedOrigins: trustedOrigins(),
    // Better Auth limits sign-in/sign-up per client IP in production; end-to-end tests sign up many users
    // from 127.0.0.1 and turn it off with BETTER_AUTH_RATE_LIMIT=off.
    ...(process.env.BETTER_AUTH_RATE_LIMIT === "off" ? { rateLimit: { enabled: false } } : {}),
    plugins: [
      jwt({
        jwt: {
          // The API checks iss and aud against its AUTH_URL: the same base URL.
          issuer: baseURL,
          audience: baseURL,
          // definePayload replaces the default payload (the user object), so keep the user's fields and add
          // the session id: the API checks in its one SQL statement that this session is still live.
          definePayload: ({ user, session }) => ({ ...user, sid: session.id }),
        },
      }),
      bearer(),
      nextCookies(), // must stay last: it sets cookies from server actions
    ],
  } satisfies BetterAuthOptions;
}
