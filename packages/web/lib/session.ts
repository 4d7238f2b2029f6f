import "server-only";

import { headers } from "next/headers";
import { cache } from "react";

import { auth } from "./auth";

/** The current Better Auth session, looked up once per request however many components ask. */
export const getSession = cache(async () => auth.api.getSession({ headers: await headers() }));
