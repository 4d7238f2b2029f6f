import type { LiveState } from "@/lib/api/live-changes";

const LABELS: Record<LiveState, string> = {
  connecting: "Connecting for live updates…",
  live: "Live: changes from your other devices appear here",
  polling: "Checking for changes every few seconds",
  offline: "Offline: changes elsewhere show after you reconnect",
};

/**
 * Whether changes made elsewhere show up by themselves. Plain text, not a live region: a screen reader
 * should not announce every reconnect.
 */
export function LiveStatus({ state }: { state: LiveState }) {
  return (
    <p className="flex items-center gap-2 text-xs text-muted-foreground" data-live-state={state}>
      <span
        aria-hidden="true"
        className={state === "live" ? "size-2 rounded-full bg-green-600" : "size-2 rounded-full bg-muted-foreground/50"}
      />
      {LABELS[state]}
    </p>
  );
}
