"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlProps, Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { authClient } from "@/lib/auth-client";

import { type SignUpValues, signUpSchema } from "./schemas";

export function SignUpForm({ nextPath }: { nextPath: string }) {
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SignUpValues>({
    resolver: zodResolver(signUpSchema),
    defaultValues: { name: "", email: "", password: "" },
  });
  const { errors, isSubmitting } = form.formState;

  async function onSubmit(values: SignUpValues) {
    setFormError(null);
    // Better Auth signs the new user in at once (autoSignIn), setting the session cookie.
    const { error } = await authClient.signUp.email(values);
    if (error) {
      setFormError(error.message ?? "Could not create the account.");
      return;
    }
    router.replace(nextPath);
    router.refresh();
  }

  return (
    <form className="grid gap-4" noValidate onSubmit={form.handleSubmit(onSubmit)}>
      {formError && <Alert>{formError}</Alert>}
      <Field>
        <FieldLabel htmlFor="name">Name</FieldLabel>
        <Input
          {...controlProps("name", errors.name)}
          autoComplete="name"
          {...form.register("name")}
        />
        <FieldError id="name-error">{errors.name?.message}</FieldError>
      </Field>
      <Field>
        <FieldLabel htmlFor="email">Email</FieldLabel>
        <Input
          {...controlProps("email", errors.email)}
          type="email"
          autoComplete="email"
          {...form.register("email")}
        />
        <FieldError id="email-error">{errors.email?.message}</FieldError>
      </Field>
      <Field>
        <FieldLabel htmlFor="password">Password</FieldLabel>
        <Input
          {...controlProps("password", errors.password, "password-hint")}
          type="password"
          autoComplete="new-password"
          {...form.register("password")}
        />
        <FieldDescription id="password-hint">8 to 128 characters.</FieldDescription>
        <FieldError id="password-error">{errors.password?.message}</FieldError>
      </Field>
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? "Creating account…" : "Sign up"}
      </Button>
    </form>
  );
}
