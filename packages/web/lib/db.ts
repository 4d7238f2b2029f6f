import { Pool } from "pg";

import { isBuildPhase, requireEnv } from "./config";

// One pool per process; kept on globalThis so `next dev` hot reloads do not open a new pool each time.
const globalForPool = globalThis as unknown as { todosPool?: Pool };

/** The `pg` pool on DATABASE_URL, the same database the API uses. Connects lazily, on first query. */
export function getPool(): Pool {
  if (globalForPool.todosPool === undefined) {
    // During `next build` no database is needed: the pool is created but never queried.
    const connectionString = isBuildPhase() ? "postgresql://build-phase/unused" : requireEnv("DATABASE_URL");
    globalForPool.todosPool = new Pool({ connectionString, max: 10 });
  }
  return globalForPool.todosPool;
}
