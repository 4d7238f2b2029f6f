/** The import-loop check (scripts/import-graph.ts) and the web app passing it. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { findCycles, importGraph, type ImportGraph, runtimeImports } from "../scripts/import-graph";

const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe("findCycles", () => {
  it("finds a loop, however long, and a module importing itself", () => {
    const cycles = findCycles(graph({ a: ["b"], b: ["c"], c: ["a"], d: ["a"], e: ["e"] }));
    assert.deepEqual(cycles.map((cycle) => cycle.join(" ")).sort(), ["a b c a", "e e"]);
  });

  it("finds none in a graph without loops", () => {
    assert.deepEqual(findCycles(graph({ a: ["b", "c"], b: ["c"], c: [], d: ["a"] })), []);
  });
});

describe("runtimeImports", () => {
  it("counts static, re-exported, side-effect and dynamic imports, not type-only ones", () => {
    const source = `
      import { a } from "./a";
      import type { B } from "./b";
      import { type C, type D } from "./c";
      import E, { type F } from "./e";
      import "./side-effect";
      export { g } from "./g";
      export type { H } from "./h";
      async function later() { return import("./later"); }
    `;
    assert.deepEqual(runtimeImports("x.ts", source), ["./a", "./e", "./side-effect", "./g", "./later"]);
  });
});

describe("the web app", () => {
  it("has no import loops (lib/auth.ts and lib/api-key-sessions.ts used to import each other)", () => {
    // npm runs the tests from packages/web.
    const cycles = findCycles(importGraph(process.cwd()));
    assert.deepEqual(cycles, []);
  });
});
