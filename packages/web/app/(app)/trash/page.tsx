import type { Metadata } from "next";
import { Suspense } from "react";

import { TrashView } from "@/components/tasks/trash-view";

export const metadata: Metadata = { title: "Trash" };

export default function TrashPage() {
  return (
    <>
      <h1 className="mb-1 text-2xl font-semibold">Trash</h1>
      <p className="mb-4 text-sm text-muted-foreground">Deleted tasks stay here for 30 days, then go for good.</p>
      <Suspense fallback={<p className="text-muted-foreground">Loading the trash…</p>}>
        <TrashView />
      </Suspense>
    </>
  );
}
