import { z } from "zod";

// Better Auth's defaults: passwords of 8 to 128 characters.
const password = z
  .string()
  .min(8, "At least 8 characters.")
  .max(128, "At most 128 characters.");

export const signInSchema = z.object({
  email: z.email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password."),
});

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100, "At most 100 characters."),
  email: z.email("Enter a valid email address."),
  password,
});

export type SignInValues = z.infer<typeof signInSchema>;
export type SignUpValues = z.infer<typeof signUpSchema>;
