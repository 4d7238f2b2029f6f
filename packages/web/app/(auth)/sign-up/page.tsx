import type { Metadata } from "next";

import { AuthPage } from "@/components/auth/auth-page";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath } from "@/lib/next-path";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  const nextPath = safeNextPath((await searchParams).next);
  return (
    <AuthPage
      heading="Create your Todos account"
      other={{ question: "Already have an account?", path: "/sign-in", label: "Sign in" }}
      nextPath={nextPath}
    >
      <SignUpForm nextPath={nextPath} />
    </AuthPage>
  );
}
