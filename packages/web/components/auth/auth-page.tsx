import Link from "next/link";
import type { ReactNode } from "react";

import { withNext } from "@/lib/next-path";

type AuthPageProps = {
  heading: string;
  children: ReactNode;
  /** The other way in (sign-in ↔ sign-up), keeping where the user was going. */
  other: { question: string; path: "/sign-in" | "/sign-up"; label: string };
  nextPath: string;
};

/** The frame shared by the sign-in and sign-up pages: a heading, the form, a link to the other page. */
export function AuthPage({ heading, children, other, nextPath }: AuthPageProps) {
  return (
    <>
      <h1 className="text-2xl font-semibold">{heading}</h1>
      {children}
      <p className="text-sm text-muted-foreground">
        {other.question}{" "}
        <Link className="font-medium text-primary underline underline-offset-4" href={withNext(other.path, nextPath)}>
          {other.label}
        </Link>
      </p>
    </>
  );
}
