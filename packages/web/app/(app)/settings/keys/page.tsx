import type { Metadata } from "next";

import { ApiKeysView } from "@/components/keys/api-keys-view";

export const metadata: Metadata = { title: "API keys" };

export default function ApiKeysPage() {
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="text-sm text-muted-foreground">
          For scripts and CI: <code>TODO_API_KEY</code> for the <code>todo</code> command,{" "}
          <code>TodosClient.from_api_key(…)</code> in Python. A key acts as you; revoking it stops every
          program using it at its next request.
        </p>
      </div>
      <ApiKeysView />
    </div>
  );
}
