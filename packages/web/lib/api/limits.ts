// Generated from openapi.json by scripts/api-types.ts (npm run generate:api-types); do not edit.
export const TODO_LIMITS = {
  "titleMin": 1,
  "titleMax": 200,
  "descriptionMax": 1000
} as const;
