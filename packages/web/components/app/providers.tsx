"use client";

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";

import { type ApiClient, createApiClient } from "@/lib/api/client";
import { queryRetry } from "@/lib/api/retry";
import { clearAccessToken, isSigningOut, SessionExpiredError, setSigningOut } from "@/lib/api/token";

const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (api === null) throw new Error("useApi must be used inside <AppProviders>");
  return api;
}

function createQueryClient(router: ReturnType<typeof useRouter>): QueryClient {
  /** Session over (signed out elsewhere, expired, user deleted): sign in again, then come back here. */
  const backToSignIn = (error: unknown) => {
    if (!(error instanceof SessionExpiredError) || isSigningOut()) return;
    clearAccessToken();
    const here = window.location.pathname + window.location.search;
    router.replace(`/sign-in?next=${encodeURIComponent(here)}`);
  };

  return new QueryClient({
    queryCache: new QueryCache({ onError: backToSignIn }),
    mutationCache: new MutationCache({ onError: backToSignIn }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        // Lost connections, 408, 429 and 5xx, after the policy's pauses (Retry-After honoured); an API's
        // other answers (4xx) will not change.
        ...queryRetry,
      },
      // A write is retried only where it says so (a create, with its Idempotency-Key).
      mutations: { retry: false },
    },
  });
}

/**
 * Client-side context for the signed-in pages: the API client (its base URL comes from the server at
 * request time, so one build serves any deployment) and TanStack Query.
 */
export function AppProviders({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [api] = useState(() => createApiClient(apiUrl));
  const router = useRouter();
  const [queryClient] = useState(() => createQueryClient(router));
  // Signed in again (these providers wrap only signed-in pages): session ends are news again.
  useEffect(() => setSigningOut(false), []);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}
