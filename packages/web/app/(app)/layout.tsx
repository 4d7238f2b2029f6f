import { headers } from "next/headers";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";

import { AppProviders } from "@/components/app/providers";
import { SignOutButton } from "@/components/app/sign-out-button";
import { apiBaseUrl } from "@/lib/config";
import { getSession } from "@/lib/session";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session) {
    // proxy.ts redirects early on a missing cookie; this also catches expired or revoked sessions.
    const path = (await headers()).get("x-todos-path") ?? "/tasks";
    redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  }
  const { user } = session;
  return (
    <AppProviders apiUrl={apiBaseUrl()}>
      <header className="border-b">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <nav aria-label="Main" className="flex items-center gap-4">
            <Link href="/tasks" className="text-lg font-semibold">
              Todos
            </Link>
            <Link href="/trash" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
              Trash
            </Link>
            <Link href="/settings/keys" className="text-sm text-muted-foreground underline-offset-4 hover:underline">
              API keys
            </Link>
          </nav>
          <div className="flex items-center gap-3 text-sm">
            <p>
              <span className="text-muted-foreground">Signed in as </span>
              <span className="font-medium">{user.name}</span>{" "}
              <span className="text-muted-foreground">({user.email})</span>
            </p>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-3xl px-4 py-6">{children}</main>
    </AppProviders>
  );
}
