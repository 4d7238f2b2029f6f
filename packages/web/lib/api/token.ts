import { authClient } from "@/lib/auth-client";

/**
 * The Better Auth JWT for the API, held in memory only (never in storage a script could read later).
 * Fetched when missing or less than a minute from `exp`; concurrent callers share one request.
 */

const REFRESH_MARGIN_MS = 60_000;

export class SessionExpiredError extends Error {
  constructor() {
    super("Your session has ended. Please sign in again.");
    this.name = "SessionExpiredError";
  }
}

let current: { token: string; expiresAtMs: number } | null = null;
let inFlight: Promise<string> | null = null;
// Bumped by clearAccessToken so that a request started before sign-out cannot store its token after it.
let generation = 0;

function expiresAtMs(token: string): number {
  const payload = token.split(".")[1];
  if (payload === undefined) return 0;
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  const { exp } = JSON.parse(json) as { exp?: unknown };
  return typeof exp === "number" ? exp * 1000 : 0;
}

async function fetchToken(startedAt: number): Promise<string> {
  const { data, error } = await authClient.token();
  if (error || !data?.token) {
    throw new SessionExpiredError();
  }
  if (startedAt === generation) {
    current = { token: data.token, expiresAtMs: expiresAtMs(data.token) };
  }
  return data.token;
}

export function getAccessToken({ forceRefresh = false }: { forceRefresh?: boolean } = {}): Promise<string> {
  if (!forceRefresh && current && current.expiresAtMs - Date.now() > REFRESH_MARGIN_MS) {
    return Promise.resolve(current.token);
  }
  if (forceRefresh) current = null;
  if (inFlight === null) {
    const startedAt = generation;
    inFlight = fetchToken(startedAt).finally(() => {
      if (startedAt === generation) inFlight = null;
    });
  }
  return inFlight;
}

// True from the click on "Sign out" until signed-in pages mount again: a request that fails meanwhile (a live
// update's re-read meeting the session just ended) must not send the person to "sign in, then come back here".
let signingOut = false;

export function setSigningOut(value: boolean): void {
  signingOut = value;
}

export function isSigningOut(): boolean {
  return signingOut;
}

export function clearAccessToken(): void {
  generation += 1;
  current = null;
  inFlight = null;
}
