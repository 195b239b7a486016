/** `npm run schema:config`: writes schema/switchyard.schema.json from the zod schema in src/config/schema.ts. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchemaText } from "../src/config/json-schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const target = resolve(root, CONFIG_JSON_SCHEMA_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${CONFIG_JSON_SCHEMA_PATH}`);
