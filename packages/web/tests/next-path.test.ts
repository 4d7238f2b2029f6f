/** safeNextPath (lib/next-path.ts): only paths on this site survive as the page after signing in. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { safeNextPath } from "@/lib/next-path";

describe("safeNextPath", () => {
  it("keeps a path on this site, with its query and fragment", () => {
    for (const next of ["/tasks", "/trash", "/device?user_code=ABCD-EFGH", "/settings/keys#new", "/tasks?q=a%20b"]) {
      assert.equal(safeNextPath(next), next);
    }
  });

  it("hands on the path as the browser will read it", () => {
    assert.equal(safeNextPath("/tasks/../trash"), "/trash");
    assert.equal(safeNextPath("/tr\tash"), "/trash");
  });

  it("refuses what a browser would take to another host", () => {
    const offsite = [
      "/\t/evil.example/pwn", // the reported one: the tab is dropped, leaving //evil.example
      "/\n/evil.example/pwn",
      "/\r/evil.example/pwn",
      "/\\evil.example/pwn", // a backslash reads as a slash
      "/\\/evil.example/pwn",
      "//evil.example/pwn",
      "///evil.example/pwn",
      "/.//evil.example/pwn", // resolves to the path //evil.example/pwn
      "/a/..//evil.example/pwn",
      " //evil.example/pwn",
      "https://evil.example/pwn",
      "javascript:alert(1)",
    ];
    for (const next of offsite) assert.equal(safeNextPath(next), "/tasks", JSON.stringify(next));
  });

  it("falls back to /tasks when next is missing or repeated", () => {
    assert.equal(safeNextPath(undefined), "/tasks");
    assert.equal(safeNextPath(null), "/tasks");
    assert.equal(safeNextPath(""), "/tasks");
    assert.equal(safeNextPath(["/trash", "/tasks"]), "/tasks");
  });
});
