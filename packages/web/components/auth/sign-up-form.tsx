"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { authClient } from "@/lib/auth-client";

import { type SignUpValues, signUpSchema } from "./schemas";
import { TextField } from "./text-field";
import { useAuthSubmit } from "./use-auth-submit";

export function SignUpForm({ nextPath }: { nextPath: string }) {
  const form = useForm<SignUpValues>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: "", email: "", password: "" },
  });
  const { isSubmitting } = form.formState;
  const { formError, onSubmit } = useAuthSubmit(
    // Better Auth signs the new user in at once (autoSignIn), setting the session cookie.
    (values: SignUpValues) => authClient.signUp.email(values),
    "Could not create the account.",
    nextPath,
  );

  return (
    <form className="grid gap-4" noValidate onSubmit={form.handleSubmit(onSubmit)}>
      {formError && <Alert>{formError}</Alert>}
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
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Creating account…" : "Sign up"}
      </Button>
    </form>
  );
}
