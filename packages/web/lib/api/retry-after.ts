/**
 * `Retry-After` (RFC 9110 §10.2.3) as milliseconds to wait: delta-seconds or an HTTP-date; null when the
 * header is missing or neither. A module of its own so that the API client can read it without importing
 * the retry policy (which imports the client's error classes).
 */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^[0-9]+$/.test(trimmed)) return Number(trimmed) * 1000;
  // Date.parse also takes forms that are not HTTP-dates ("2026"): require the weekday of IMF-fixdate.
  if (!/^[A-Za-z]{3}, /.test(trimmed)) return null;
  const when = Date.parse(trimmed);
  return Number.isNaN(when) ? null : Math.max(when - now, 0);
}
