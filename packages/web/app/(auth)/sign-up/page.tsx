import type { Metadata } from "next";
import Link from "next/link";

import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Sign up" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-2xl font-semibold">Create your Todos account</h1>
      <SignUpForm />
      <p className="text-sm text-muted-foreground">
        Already have an account?{" "}
        <Link className="font-medium text-primary underline underline-offset-4" href="/sign-in">
          Sign in
        </Link>
      </p>
    </>
  );
}
