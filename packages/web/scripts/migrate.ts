/**
 * Better Auth's own migrations (user, session, account, verification, jwks, deviceCode, apikey, session.apiKeyId)
 * on DATABASE_URL.
 * Idempotent: getMigrations compares the live schema with the configuration and only adds what is missing.
 */
import { getMigrations } from "better-auth/db/migration";

import { authOptions } from "../lib/auth-options";
import { getPool } from "../lib/db";

async function main(): Promise<void> {
  const { toBeCreated, toBeAdded, toBeAddedIndexes, runMigrations } = await getMigrations(
    authOptions({ requireSecret: false }),
  );
  const tables = toBeCreated.map((t) => t.table);
  const columns = toBeAdded.flatMap((t) => Object.keys(t.fields).map((field) => `${t.table}.${field}`));
  if (tables.length === 0 && columns.length === 0 && toBeAddedIndexes.length === 0) {
    console.log("better-auth migrate: schema up to date");
  } else {
    await runMigrations();
    console.log(`better-auth migrate: created [${tables.join(", ")}] added [${columns.join(", ")}], ${toBeAddedIndexes.length} index(es)`);
  }
}

main()
  .catch((error: unknown) => {
    console.error("better-auth migrate failed:", error);
    process.exitCode = 1;
  })
  .finally(() => getPool().end());
