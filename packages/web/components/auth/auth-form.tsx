"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { ReactNode } from "react";
import { type DefaultValues, type FieldValues, useForm, type UseFormReturn } from "react-hook-form";
import type { z } from "zod";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

import { type AuthRequest, useAuthSubmit } from "./use-auth-submit";

type AuthFormProps<Values extends FieldValues> = {
  schema: z.ZodType<Values, Values>;
  defaultValues: DefaultValues<Values>;
  /** Better Auth's call; its error (or `fallback`) shows above the form, success goes on to `nextPath`. */
  request: AuthRequest<Values>;
  fallback: string;
  nextPath: string;
  /** The submit button's label, and what it says while the request runs. */
  submit: { idle: string; busy: string };
  children: (form: UseFormReturn<Values>) => ReactNode;
};

/** The sign-in and sign-up forms: fields checked by `schema` as the user submits, then sent to Better Auth. */
export function AuthForm<Values extends FieldValues>(props: AuthFormProps<Values>) {
  const form = useForm<Values>({ resolver: zodResolver(props.schema), defaultValues: props.defaultValues });
  const { isSubmitting } = form.formState;
  const { formError, onSubmit } = useAuthSubmit(props.request, props.fallback, props.nextPath);

  return (
    <form className="grid gap-4" noValidate onSubmit={form.handleSubmit(onSubmit)}>
      {formError && <Alert>{formError}</Alert>}
      {props.children(form)}
      <Button type="submit" disabled={isSubmitting}>
        {isSubmitting ? props.submit.busy : props.submit.idle}
      </Button>
    </form>
  );
}
