import type { components } from "./schema";

/** Every `code` the API can answer: the enum of `ErrorResponse.code` in openapi.json (schema.d.ts). */
export type ErrorCode = components["schemas"]["ErrorCode"];

/**
 * What the page says for each error code, keyed on the code (never on the status). `satisfies Record<…>`
 * makes `tsc` fail when the API's enum gains a code without a message here (or loses one), and
 * `make check-contract` compares these keys with the enum too (todos_devstack.error_codes).
 */
export const ERROR_MESSAGES = {
  bad_request: "The request was not understood.",
  ambiguous_request: "The request carried more than one set of credentials.",
  cors_refused: "This site may not call the Todos service.",
  invalid_last_event_id: "Live updates lost their place; reloading the list.",
  not_authenticated: "You are signed out. Sign in again.",
  invalid_token: "Your sign-in is no longer valid. Sign in again.",
  token_expired: "Your sign-in expired. Sign in again.",
  session_revoked: "Your session has ended. Sign in again.",
  todo_not_found: "This task no longer exists.",
  not_found: "The Todos service does not know this address.",
  method_not_allowed: "The Todos service does not allow this action here.",
  request_timeout: "The request took too long to arrive. Try again.",
  idempotency_in_progress: "The same change is still being saved. Try again in a moment.",
  cursor_expired: "Live updates fell too far behind; reloading the list.",
  precondition_failed: "This task was changed elsewhere since you opened it.",
  payload_too_large: "That is too much text to save.",
  idempotency_key_reused: "This change collided with an earlier one. Try again.",
  invalid_cursor: "The list lost its place; reloading it.",
  invalid_due: "That due date could not be read. Try words like “tomorrow 5pm” or “every monday”.",
  validation_error: "Some of what you entered was not accepted.",
  too_many_streams: "Too many tabs are following live updates. Close one.",
  headers_too_large: "The request was too large.",
  internal_error: "The Todos service failed. Try again.",
  http_error: "The Todos service refused the request.",
  service_unavailable: "The Todos service is unavailable right now. Try again shortly.",
  database_unavailable: "The Todos service cannot reach its database. Try again shortly.",
  auth_unavailable: "Sign-in checks are unavailable right now. Try again shortly.",
  shutting_down: "The Todos service is restarting. Try again.",
} as const satisfies Record<ErrorCode, string>;

/** The message for an error answer: the code's own, else (a code this page does not know) the API's detail. */
export function errorMessage(code: string, detail: string): string {
  return Object.hasOwn(ERROR_MESSAGES, code) ? ERROR_MESSAGES[code as ErrorCode] : detail;
}
