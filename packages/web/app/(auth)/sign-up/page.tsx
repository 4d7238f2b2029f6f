import type { Metadata } from "next";
import Link from "next/link";

import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeNextPath, withNext } from "@/lib/utils";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: PageProps<"/sign-up">) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : undefined);
  return (
    <>
      <h1 className="text-2xl font-semibold">Create your Todos account</h1>
      <SignUpForm nextPath={nextPath} />
      <p className="text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link className="font-medium text-primary underline underline-offset-4" href={withNext("/sign-in", nextPath)}>
          Sign in
        </Link>
      </p>
    </>
  );
}
