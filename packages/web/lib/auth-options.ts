import { randomBytes } from "node:crypto";

import { apiKey } from "@better-auth/api-key";
import type { BetterAuthOptions } from "better-auth";
import { nextCookies } from "better-auth/next-js";
import { bearer } from "better-auth/plugins/bearer";
import { deviceAuthorization } from "better-auth/plugins/device-authorization";
import { jwt } from "better-auth/plugins/jwt";

import { apiKeySessionHooks, jwtSessionId } from "./api-key-sessions";

import { authBaseUrl, isBuildPhase, requireEnv, trustedOrigins } from "./config";
import { getPool } from "./db";
import { deviceClientName } from "./device-clients";

/**
 * Better Auth's configuration, shared by the server (`lib/auth.ts`) and the migration script, so that
 * migrations create exactly the tables the plugins need (`jwks`, `deviceCode`, `apikey`, `session.apiKeyId`).
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
    // The session an API key's JWTs name (lib/api-key-sessions.ts); null for every other session.
    session: { additionalFields: { apiKeyId: { type: "string", required: false, input: false, index: true } } },
    hooks: apiKeySessionHooks,
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
          // the session id: the API checks in its one SQL statement that this session is still live. For
          // an API key that is the key's own session row (lib/api-key-sessions.ts).
          definePayload: async ({ user, session }) => ({ ...user, sid: await jwtSessionId(session) }),
        },
      }),
      bearer(),
      // RFC 8628 for `todo login`: the approval page is app/(app)/device. 15 minutes like `gh`; the client
      // polls every 5 s (slow_down when faster). Its token endpoint answers a plain session token.
      deviceAuthorization({
        expiresIn: "15m",
        interval: "5s",
        validateClient: (clientId) => deviceClientName(clientId) !== undefined,
      }),
      apiKey({
        // Exchanged at GET /api/auth/token (x-api-key) for a JWT; nowhere else (lib/api-key-sessions.ts).
        enableSessionForAPIKeys: true,
        defaultPrefix: "todo_",
        requireName: true,
        // The list shows the first characters so a person can tell keys apart: the prefix and 5 more.
        startingCharactersConfig: { shouldStore: true, charactersLength: 10 },
        keyExpiration: { defaultExpiresIn: null, minExpiresIn: 1, maxExpiresIn: 365 },
        // The plugin's default is 10 uses a day; a client exchanges a key every 15 minutes. Better Auth's
        // per-IP rate limit still applies to the exchange.
        rateLimit: { enabled: false },
      }),
      nextCookies(), // must stay last: it sets cookies from server actions
    ],
  } satisfies BetterAuthOptions;
}
