import { apiKeyClient } from "@better-auth/api-key/client";
import { deviceAuthorizationClient, jwtClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

// No baseURL: the auth routes live on this same origin (/api/auth/*).
export const authClient = createAuthClient({
  plugins: [jwtClient(), deviceAuthorizationClient(), apiKeyClient()],
});
