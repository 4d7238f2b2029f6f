import type { Metadata } from "next";

import { AuthPage } from "@/components/auth/auth-page";
import { safeNextPath } from "@/lib/next-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  return <AuthPage path="/sign-in" nextPath={safeNextPath((await searchParams).next)} />;
}
