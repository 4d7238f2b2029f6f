import type { Metadata } from "next";

import { DeviceCodeForm } from "@/components/device/device-code-form";
import { DeviceDecision } from "@/components/device/device-decision";
import { Alert } from "@/components/ui/alert";
import { lookUpDeviceRequest } from "@/lib/device";

export const metadata: Metadata = { title: "Connect a device" };

const PROBLEMS = {
  invalid: "That code does not match any sign-in request. Check it against the one in your terminal (a code works once).",
  expired: "That code has expired. Start the sign-in again in your terminal (todo login) for a new code.",
  used: "That code has already been used. Start the sign-in again in your terminal if it did not work.",
} as const;

/** RFC 8628 approval: `todo login` prints a code and opens /device?user_code=…; the person approves it here. */
export default async function DevicePage({ searchParams }: PageProps<"/device">) {
  const { user_code: raw } = await searchParams;
  const userCode = typeof raw === "string" ? raw.trim() : "";
  const request = userCode ? await lookUpDeviceRequest(userCode) : null;
  return (
    <div className="mx-auto grid max-w-md gap-4">
      <h1 className="text-2xl font-semibold">Connect a device</h1>
      {request?.state === "review" ? (
        <DeviceDecision userCode={request.userCode} clientName={request.clientName} />
      ) : (
        <>
          {request && <Alert>{PROBLEMS[request.state]}</Alert>}
          <DeviceCodeForm defaultCode={userCode} />
        </>
      )}
    </div>
  );
}
