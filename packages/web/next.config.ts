import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // `pg` and Better Auth's Kysely adapter are Node libraries: keep them out of the server bundle.
  serverExternalPackages: ["pg"],
  poweredByHeader: false,
};

export default nextConfig;
