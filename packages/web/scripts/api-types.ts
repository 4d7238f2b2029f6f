/**
 * Generates the web app's view of the API contract from the repository's committed openapi.json:
 *   lib/api/schema.d.ts   TypeScript types (openapi-typescript), for the openapi-fetch client
 *   lib/api/limits.ts     the field limits that the forms enforce (title, description)
 * `--check` writes nothing and fails when either file differs from what openapi.json gives (stale).
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";

const WEB_DIR = path.resolve(import.meta.dirname, "..");
const OPENAPI = path.resolve(process.env.OPENAPI_JSON ?? path.join(WEB_DIR, "..", "..", "openapi.json"));
const TYPES_FILE = path.join(WEB_DIR, "lib", "api", "schema.d.ts");
const LIMITS_FILE = path.join(WEB_DIR, "lib", "api", "limits.ts");

type JsonSchema = { minLength?: number; maxLength?: number; anyOf?: JsonSchema[] };
type Document = { components: { schemas: Record<string, { properties: Record<string, JsonSchema> }> } };

function stringLimit(schema: JsonSchema | undefined, key: "minLength" | "maxLength", where: string): number {
  // A nullable field is `anyOf: [{type: string, maxLength}, {type: null}]`.
  const value = schema?.[key] ?? schema?.anyOf?.find((s) => s[key] !== undefined)?.[key];
  if (value === undefined) throw new Error(`openapi.json: no ${key} for ${where}`);
  return value;
}

function limitsSource(document: Document): string {
  const create = document.components.schemas.TodoCreate?.properties;
  if (create === undefined) throw new Error("openapi.json: no TodoCreate schema");
  const limits = {
    titleMin: stringLimit(create.title, "minLength", "TodoCreate.title"),
    titleMax: stringLimit(create.title, "maxLength", "TodoCreate.title"),
    descriptionMax: stringLimit(create.description, "maxLength", "TodoCreate.description"),
  };
  return `// Generated from openapi.json by scripts/api-types.ts (npm run generate:api-types); do not edit.
export const TODO_LIMITS = ${JSON.stringify(limits, null, 2)} as const;
`;
}

async function main(check: boolean): Promise<void> {
  const text = await readFile(OPENAPI, "utf8");
  const document = JSON.parse(text) as Document;
  const wanted = new Map([
    [TYPES_FILE, COMMENT_HEADER + astToString(await openapiTS(text))],
    [LIMITS_FILE, limitsSource(document)],
  ]);
  const stale: string[] = [];
  for (const [file, content] of wanted) {
    const current = await readFile(file, "utf8").catch(() => null);
    if (current === content) continue;
    if (check) stale.push(path.relative(WEB_DIR, file));
    else await writeFile(file, content);
  }
  if (stale.length > 0) {
    console.error(
      `Stale API types: ${stale.join(", ")} differ from ${path.relative(process.cwd(), OPENAPI)}. ` +
        "Run `npm run generate:api-types` in packages/web and commit the result.",
    );
    process.exitCode = 1;
  } else {
    console.log(check ? "API types are up to date." : `Generated API types from ${OPENAPI}.`);
  }
}

main(process.argv.includes("--check")).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
