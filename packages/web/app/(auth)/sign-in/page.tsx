import type { Metadata } from "next";

import { AuthPage } from "@/components/auth/auth-page";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/lib/next-path";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const nextPath = safeNextPath((await searchParams).next);
  return (
    <AuthPage
      heading="Sign in to Todos"
      other={{ question: "No account yet?", path: "/sign-up", label: "Sign up" }}
      nextPath={nextPath}
    >
      <SignInForm nextPath={nextPath} />
    </AuthPage>
  );
}
