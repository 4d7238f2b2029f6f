import type { Metadata } from "next";

import { AuthPage } from "@/components/auth/auth-page";
import { safeNextPath } from "@/lib/next-path";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  return <AuthPage path="/sign-up" nextPath={safeNextPath((await searchParams).next)} />;
}
