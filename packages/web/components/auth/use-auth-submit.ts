"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

type AuthResult = { error: { message?: string } | null };
export type AuthRequest<Values> = (values: Values) => Promise<AuthResult>;

/**
 * Submitting a sign-in or sign-up form: Better Auth's error is shown above the form (or `fallback` when it
 * has no message); on success the session cookie is set, so go on to `nextPath` and re-render the server
 * components that read the session.
 */
export function useAuthSubmit<Values>(
  request: AuthRequest<Values>,
  fallback: string,
  nextPath: string,
) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(values: Values) {
    setFormError(null);
    const { error } = await request(values);
    if (error) {
      setFormError(error.message ?? fallback);
      return;
    }
    router.replace(nextPath);
    router.refresh();
  }

  return { formError, onSubmit };
}
