/** lib/config.ts: the origins Better Auth trusts. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { trustedOrigins } from "@/lib/config";

describe("trustedOrigins", () => {
  it("trusts both loopback spellings of a loopback AUTH_URL, on its port only", () => {
    assert.deepEqual(trustedOrigins({ AUTH_URL: "http://localhost:3400/" }), [
      "http://localhost:3400",
      "http://127.0.0.1:3400",
    ]);
    assert.deepEqual(trustedOrigins({ AUTH_URL: "http://127.0.0.1:3400" }), [
      "http://127.0.0.1:3400",
      "http://localhost:3400",
    ]);
    assert.deepEqual(trustedOrigins({}), ["http://localhost:3000", "http://127.0.0.1:3000"]);
  });

  it("trusts only the named origin elsewhere, plus BETTER_AUTH_TRUSTED_ORIGINS", () => {
    assert.deepEqual(
      trustedOrigins({ AUTH_URL: "https://todos.example", BETTER_AUTH_TRUSTED_ORIGINS: "https://a.example/, " }),
      ["https://todos.example", "https://a.example"],
    );
    assert.deepEqual(trustedOrigins({ AUTH_URL: "http://localhost.example:3000" }), ["http://localhost.example:3000"]);
  });
});
