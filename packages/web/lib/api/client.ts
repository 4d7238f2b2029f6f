import createClient, { type Middleware } from "openapi-fetch";

import { errorMessage } from "./error-messages";
import type { components, paths } from "./schema";
import { retryAfterMs } from "./retry-after";
import { getAccessToken, SessionExpiredError } from "./token";

export type Task = components["schemas"]["TodoPublic"];
export type TaskPage = components["schemas"]["TodoPage"];
export type ApiClient = ReturnType<typeof createApiClient>;

/** The API could not be reached at all (stopped, offline, blocked by CORS). */
export class ApiUnreachableError extends Error {
  constructor(cause: unknown) {
    super("The Todos service cannot be reached.", { cause });
    this.name = "ApiUnreachableError";
  }
}

/**
 * The API answered with its error shape ({status_code, code, detail, errors?}). `message` is the page's text
 * for the code (error-messages.ts), the API's `detail` for a code it does not know.
 */
export class ApiError extends Error {
  readonly status: number;
  // `code` as a string: a newer server may answer a code this build does not know yet.
  readonly body: Omit<components["schemas"]["ErrorResponse"], "code"> & {
    code: string;
    errors?: components["schemas"]["ValidationErrorItem"][];
  };
  /** The answer's `Retry-After`, in milliseconds (lib/api/retry.ts waits at least this long). */
  readonly retryAfterMs: number | null;

  constructor(status: number, body: unknown, retryAfter: number | null = null) {
    const shaped =
      typeof body === "object" && body !== null && "detail" in body
        ? (body as ApiError["body"])
        : { status_code: status, code: "unexpected_response", detail: `The API answered ${status}.` };
    super(errorMessage(shaped.code, shaped.detail));
    this.name = "ApiError";
    this.status = status;
    this.body = shaped;
    this.retryAfterMs = retryAfter;
  }

  /** 422 messages by field name (`title`, `description`), for the forms. */
  fieldErrors(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const item of this.body.errors ?? []) {
      const field = item.loc.at(-1);
      if (typeof field === "string" && !(field in fields)) fields[field] = item.msg;
    }
    return fields;
  }
}

/**
 * Adds the Better Auth JWT to every request. On a 401 the token may just have been revoked or signed
 * with a rotated key: fetch a fresh one and retry once; a second 401 means the session is over.
 */
function authMiddleware(): Middleware {
  // The body of a sent request is consumed: keep a copy of each request for the one retry.
  const pending = new Map<string, Request>();
  return {
    async onRequest({ request, id }) {
      request.headers.set("Authorization", `Bearer ${await getAccessToken()}`);
      pending.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id }) {
      const original = pending.get(id);
      pending.delete(id);
      if (response.status !== 401 || original === undefined) return response;
      // A plain fetch, outside the middleware: there is no second retry.
      original.headers.set("Authorization", `Bearer ${await getAccessToken({ forceRefresh: true })}`);
      const second = await fetch(original);
      if (second.status === 401) throw new SessionExpiredError();
      return second;
    },
    onError({ error, id }) {
      pending.delete(id);
      if (error instanceof SessionExpiredError) return error;
      return new ApiUnreachableError(error);
    },
  };
}

export function createApiClient(baseUrl: string) {
  const client = createClient<paths>({ baseUrl });
  client.use(authMiddleware());
  return client;
}

/** The data of an openapi-fetch result, or its error as an ApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const { status, headers } = result.response;
    throw new ApiError(status, result.error, retryAfterMs(headers.get("Retry-After")));
  }
  return result.data as T;
}
