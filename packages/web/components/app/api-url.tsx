"use client";

import { createContext, type ReactNode, useContext } from "react";

const ApiUrlContext = createContext<string | null>(null);

/** Hands the API base URL, read by the server at request time, to client components. */
export function ApiUrlProvider({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  return <ApiUrlContext.Provider value={apiUrl}>{children}</ApiUrlContext.Provider>;
}

export function useApiUrl(): string {
  const apiUrl = useContext(ApiUrlContext);
  if (apiUrl === null) throw new Error("useApiUrl must be used inside <ApiUrlProvider>");
  return apiUrl;
}
