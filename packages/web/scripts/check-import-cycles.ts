/**
 * Fails when the web app's modules import each other in a loop (scripts/import-graph.ts), naming each loop.
 * A loop means some module runs before the modules it imports are done; eslint's import/no-cycle would say
 * the same, but it parses every imported package's types and took minutes here.
 */
import path from "node:path";

import { findCycles, importGraph } from "./import-graph";

const WEB_DIR = path.resolve(import.meta.dirname, "..");
const cycles = findCycles(importGraph(WEB_DIR));
for (const cycle of cycles) {
  console.error(`import cycle: ${cycle.map((file) => path.relative(WEB_DIR, file)).join(" -> ")}`);
}
if (cycles.length > 0) process.exit(1);
