"use client";

import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";

type Outcome = "approved" | "denied";

const DONE: Record<Outcome, string> = {
  approved: "Device connected. You can close this page and go back to your terminal.",
  denied: "Request denied. The device was not signed in.",
};

/** Shows who asks for access and sends the person's answer (Better Auth's /device/approve or /deny). */
export function DeviceDecision({ userCode, clientName }: { userCode: string; clientName: string }) {
  const [pending, setPending] = useState<Outcome | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function decide(choice: Outcome) {
    setPending(choice);
    setError(null);
    const send = choice === "approved" ? authClient.device.approve : authClient.device.deny;
    const { error: failed } = await send({ userCode });
    setPending(null);
    if (failed) {
      setError(failed.error_description || "Could not send your answer. Reload the page and try again.");
      return;
    }
    setOutcome(choice);
  }

  if (outcome) {
    return (
      <p role="status" className="rounded-md border px-4 py-3 text-sm">
        {DONE[outcome]}
      </p>
    );
  }
  return (
    <section aria-labelledby="device-request" className="grid gap-4 rounded-md border p-4">
      <h2 id="device-request" className="text-lg font-medium">
        {clientName} wants to sign in as you
      </h2>
      <p className="text-sm">
        Approve only if you started this sign-in yourself and your terminal shows the code{" "}
        <code className="rounded bg-muted px-1.5 py-0.5 font-mono font-semibold tracking-widest">{userCode}</code>.
        It will be able to read and change your tasks until you sign it out.
      </p>
      {error && <Alert>{error}</Alert>}
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button className="sm:flex-1" onClick={() => decide("approved")} disabled={pending !== null}>
          {pending === "approved" ? "Approving…" : "Approve"}
        </Button>
        <Button variant="outline" className="sm:flex-1" onClick={() => decide("denied")} disabled={pending !== null}>
          {pending === "denied" ? "Denying…" : "Deny"}
        </Button>
      </div>
    </section>
  );
}
