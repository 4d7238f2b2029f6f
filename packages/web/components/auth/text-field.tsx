import type { ComponentProps } from "react";
import type { FieldValues, Path, UseFormReturn } from "react-hook-form";

import { controlProps, Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

type TextFieldProps<Values extends FieldValues> = Omit<ComponentProps<typeof Input>, "form" | "name" | "id"> & {
  form: UseFormReturn<Values>;
  name: Path<Values>;
  label: string;
  hint?: string;
};

/**
 * One registered input of a react-hook-form form, with its label, hint and error wired for screen readers
 * (see `controlProps`); the field's name is also the input's id.
 */
export function TextField<Values extends FieldValues>({
  form,
  name,
  label,
  hint,
  ...inputProps
}: TextFieldProps<Values>) {
  // Passing formState subscribes this field to its error, so it re-renders when validation runs.
  const { error } = form.getFieldState(name, form.formState);
  const hintId = hint ? `${name}-hint` : undefined;
  return (
    <Field>
      <FieldLabel htmlFor={name}>{label}</FieldLabel>
      <Input {...controlProps(name, error, hintId)} {...inputProps} {...form.register(name)} />
      {hint && <FieldDescription id={hintId}>{hint}</FieldDescription>}
      <FieldError id={`${name}-error`}>{error?.message}</FieldError>
    </Field>
  );
}
