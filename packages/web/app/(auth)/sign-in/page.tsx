import type { Metadata } from "next";
import Link from "next/link";

import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath, withNext } from "@/lib/utils";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : undefined);
  return (
    <>
      <h1 className="text-2xl font-semibold">Sign in to Todos</h1>
      <SignInForm nextPath={nextPath} />
      <p className="text-sm text-muted-foreground">
        No account yet?{" "}
        <Link className="font-medium text-primary underline underline-offset-4" href={withNext("/sign-up", nextPath)}>
          Sign up
        </Link>
      </p>
    </>
  );
}
