"use client";

import { authClient } from "@/lib/auth-client";

import { AuthForm } from "./auth-form";
import { signInSchema } from "./schemas";
import { TextField } from "./text-field";

export function SignInForm({ nextPath }: { nextPath: string }) {
  return (
    <AuthForm
      schema={signInSchema}
      defaultValues={{ email: "", password: "" }}
      request={(values) => authClient.signIn.email(values)}
      fallback="Could not sign in."
      nextPath={nextPath}
      submit={{ idle: "Sign in", busy: "Signing in…" }}
    >
      {(form) => (
        <>
          <TextField form={form} name="email" label="Email" type="email" autoComplete="email" />
          <TextField form={form} name="password" label="Password" type="password" autoComplete="current-password" />
        </>
      )}
    </AuthForm>
  );
}
