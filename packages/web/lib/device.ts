import "server-only";

import { isAPIError } from "better-auth/api";
import { headers } from "next/headers";

import { auth } from "./auth";
import { deviceClientName } from "./device-clients";

/** What the approval page can say about a user code. */
export type DeviceRequest =
  | { state: "review"; userCode: string; clientName: string }
  | { state: "invalid" | "expired" | "used"; userCode: string };

/**
 * Looks the code up for the signed-in user. Better Auth's `GET /device` also claims a pending code for
 * that user (approve/deny accept only a claimed code), so the page must go through it before showing
 * the buttons. A code claimed by someone else, approved or denied reads as "used".
 */
export async function lookUpDeviceRequest(userCode: string): Promise<DeviceRequest> {
  try {
    const found = await auth.api.deviceVerify({ query: { user_code: userCode }, headers: await headers() });
    const clientName = deviceClientName(found.client_id);
    if (found.status !== "pending" || clientName === undefined) return { state: "used", userCode };
    return { state: "review", userCode, clientName };
  } catch (error) {
    if (isAPIError(error)) {
      const code = (error.body as { error?: string } | undefined)?.error;
      return { state: code === "expired_token" ? "expired" : "invalid", userCode };
    }
    throw error;
  }
}
