import "server-only";

import { betterAuth } from "better-auth";

import { provideAuthContext } from "./auth-context";
import { authOptions } from "./auth-options";

export const auth = betterAuth(authOptions());
provideAuthContext(auth.$context);

export type Session = typeof auth.$Infer.Session;
