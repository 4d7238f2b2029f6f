"use client";

import { authClient } from "@/lib/auth-client";

import { AuthForm } from "./auth-form";
import { signUpSchema } from "./schemas";
import { TextField } from "./text-field";

export function SignUpForm({ nextPath }: { nextPath: string }) {
  return (
    <AuthForm
      schema={signUpSchema}
      defaultValues={{ name: "", email: "", password: "" }}
      // Better Auth signs the new user in at once (autoSignIn), setting the session cookie.
      request={(values) => authClient.signUp.email(values)}
      fallback="Could not create the account."
      nextPath={nextPath}
      submit={{ idle: "Sign up", busy: "Creating account…" }}
    >
      {(form) => (
        <>
          <TextField form={form} name="name" label="Name" autoComplete="name" />
          <TextField form={form} name="email" label="Email" type="email" autoComplete="email" />
          <TextField
            form={form}
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="8 to 128 characters."
          />
        </>
      )}
    </AuthForm>
  );
}
