"use client";

import { useState } from "react";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

import { CreateKeyForm } from "./create-key-form";
import { type ApiKeySummary, useApiKeys, useRevokeApiKey } from "./queries";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

function when(date: Date | string | null, never: string): string {
  return date === null ? never : dateFormat.format(new Date(date));
}

function KeyItem({ apiKey }: { apiKey: ApiKeySummary }) {
  const revoke = useRevokeApiKey();
  const [confirming, setConfirming] = useState(false);
  const name = apiKey.name ?? "Unnamed key";
  return (
    <li className="grid gap-2 rounded-md border p-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="break-all font-medium">{name}</span>
        <code className="font-mono text-sm text-muted-foreground">{apiKey.start ?? ""}…</code>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Created</dt>
        <dd>{when(apiKey.createdAt, "—")}</dd>
        <dt className="text-muted-foreground">Last used</dt>
        <dd>{when(apiKey.lastRequest, "Never")}</dd>
        <dt className="text-muted-foreground">Expires</dt>
        <dd>{when(apiKey.expiresAt, "Never")}</dd>
      </dl>
      {revoke.error && <Alert>{revoke.error.message}</Alert>}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2" role="group" aria-label={`Confirm revoking ${name}`}>
          <span className="text-sm">Programs using this key stop at their next request.</span>
          <Button variant="destructive" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate(apiKey.id)}>
            {revoke.isPending ? "Revoking…" : `Revoke ${name} now`}
          </Button>
          <Button variant="outline" size="sm" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button variant="outline" size="sm" className="justify-self-start" aria-label={`Revoke ${name}`} onClick={() => setConfirming(true)}>
          Revoke
        </Button>
      )}
    </li>
  );
}

export function ApiKeysView() {
  const keys = useApiKeys();
  return (
    <>
      <CreateKeyForm />
      <section aria-labelledby="your-keys" className="grid gap-3">
        <h2 id="your-keys" className="text-lg font-medium">
          Your keys
        </h2>
        {keys.isPending && <p className="text-muted-foreground">Loading keys…</p>}
        {keys.error && <Alert>{keys.error.message}</Alert>}
        {keys.data?.length === 0 && <p className="text-sm text-muted-foreground">No keys yet.</p>}
        {keys.data && keys.data.length > 0 && (
          <ul aria-label="API keys" className="grid gap-3">
            {keys.data.map((apiKey) => (
              <KeyItem key={apiKey.id} apiKey={apiKey} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
