import Link from "next/link";

import { withNext } from "@/lib/next-path";

import { SignInForm } from "./sign-in-form";
import { SignUpForm } from "./sign-up-form";

type AuthPath = "/sign-in" | "/sign-up";

/** Each page's heading and form, and the other way in (sign-in ↔ sign-up). */
const PAGES = {
  "/sign-in": {
    heading: "Sign in to Todos",
    Form: SignInForm,
    other: { question: "No account yet?", path: "/sign-up", label: "Sign up" },
  },
  "/sign-up": {
    heading: "Create your Todos account",
    Form: SignUpForm,
    other: { question: "Already have an account?", path: "/sign-in", label: "Sign in" },
  },
} as const satisfies Record<AuthPath, unknown>;

/**
 * The sign-in or sign-up page: a heading, the form, a link to the other page; both the form and the link
 * keep where the user was going (`nextPath`).
 */
export function AuthPage({ path, nextPath }: { path: AuthPath; nextPath: string }) {
  const { heading, Form, other } = PAGES[path];
  return (
    <>
      <h1 className="text-2xl font-semibold">{heading}</h1>
      <Form nextPath={nextPath} />
      <p className="text-sm text-muted-foreground">
        {other.question}{" "}
        <Link className="font-medium text-primary underline underline-offset-4" href={withNext(other.path, nextPath)}>
          {other.label}
        </Link>
      </p>
    </>
  );
}
