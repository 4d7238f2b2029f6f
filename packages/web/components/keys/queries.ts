"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { authClient } from "@/lib/auth-client";

/** What the list shows of a key; the secret itself is never readable again after creation. */
export type ApiKeySummary = {
  id: string;
  name: string | null;
  start: string | null;
  createdAt: Date;
  lastRequest: Date | null;
  expiresAt: Date | null;
};

const keysKey = ["api-keys"] as const;

function orThrow<T>(result: { data: T | null; error: { message?: string } | null }): T {
  if (result.error || result.data === null) throw new Error(result.error?.message ?? "The request failed.");
  return result.data;
}

export function useApiKeys() {
  return useQuery({
    queryKey: keysKey,
    queryFn: async (): Promise<ApiKeySummary[]> => orThrow(await authClient.apiKey.list()).apiKeys,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: { name: string; expiresIn: number | null }) =>
      orThrow(await authClient.apiKey.create(input)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (keyId: string) => orThrow(await authClient.apiKey.delete({ keyId })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keysKey }),
  });
}
