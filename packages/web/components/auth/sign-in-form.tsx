"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";

import { type SignInValues, signInSchema } from "./schemas";
import { TextField } from "./text-field";
import { useAuthSubmit } from "./use-auth-submit";

export function SignInForm({ nextPath }: { nextPath: string }) {
  const form = useForm<SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: "", password: "" },
  });
  const { isSubmitting } = form.formState;
  const { formError, onSubmit } = useAuthSubmit(
    (values: SignInValues) => authClient.signIn.email(values),
    "Could not sign in.",
    nextPath,
  );

  return (
    <form className="grid gap-4" noValidate onSubmit={form.handleSubmit(onSubmit)}>
      {formError && <Alert>{formError}</Alert>}
      <TextField form={form} name="email" label="Email" type="email" autoComplete="email" />
      <TextField form={form} name="password" label="Password" type="password" autoComplete="current-password" />
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
