/**
 * Server-side settings, read from the environment when called (at request time), never baked into the
 * build: one production build then runs on any host and port.
 */

type Env = Record<string, string | undefined>;

// The local defaults live in packages/sdk/src/todos_sdk/_settings.py; tests/unit/sdk/test_settings.py fails
// when these differ.
const DEFAULT_AUTH_URL = "http://localhost:3000";
const DEFAULT_API_URL = "http://localhost:8000";

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** True while `next build` evaluates modules: runtime-only settings may be missing then. */
export function isBuildPhase(env: Env = process.env): boolean {
  return env.NEXT_PHASE === "phase-production-build";
}

/** Better Auth's base URL; also the JWT `iss` and `aud` the API expects (its AUTH_URL). */
export function authBaseUrl(env: Env = process.env): string {
  return withoutTrailingSlash(env.AUTH_URL ?? env.BETTER_AUTH_URL ?? DEFAULT_AUTH_URL);
}

/** Where the browser calls the API (directly, with CORS). */
export function apiBaseUrl(env: Env = process.env): string {
  return withoutTrailingSlash(env.TODO_API_URL ?? env.API_URL ?? DEFAULT_API_URL);
}

// Two names of this machine that a browser treats as different origins. The API's default CORS_ORIGINS
// trusts the same pair (todos_api core/config.py).
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1"];

/**
 * A loopback origin's other spellings, same scheme and port (none for any other origin): `next start`
 * prints http://127.0.0.1:3000 while `make run` says http://localhost:3000, and either must work.
 */
export function loopbackTwins(origin: string): string[] {
  const url = new URL(origin);
  if (!LOOPBACK_HOSTS.includes(url.hostname)) return [];
  return LOOPBACK_HOSTS.filter((host) => host !== url.hostname).map((host) => {
    const twin = new URL(url.origin);
    twin.hostname = host;
    return twin.origin;
  });
}

/** Origins allowed to call Better Auth with cookies: the web origin (both spellings on loopback), plus any
 * extra listed ones. */
export function trustedOrigins(env: Env = process.env): string[] {
  const extra = (env.BETTER_AUTH_TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((origin) => withoutTrailingSlash(origin.trim()))
    .filter((origin) => origin.length > 0);
  const origin = new URL(authBaseUrl(env)).origin;
  return [origin, ...loopbackTwins(origin), ...extra];
}

export function requireEnv(name: string, env: Env = process.env): string {
  const value = env[name];
  if (value === undefined || value === "") {
    throw new Error(`${name} is required (see the README: make run sets it for you).`);
  }
  return value;
}
