import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIG_JSON_SCHEMA_PATH, configJsonSchema, configJsonSchemaText } from "../../src/config/json-schema.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const read = (path: string) => readFileSync(resolve(root, path), "utf8");

interface JsonSchemaNode {
  type?: string;
  required?: string[];
  additionalProperties?: unknown;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
}

/** Every object in the schema with its dotted path. */
function objects(node: JsonSchemaNode, path = ""): [string, JsonSchemaNode][] {
  const inner = Object.entries(node.properties ?? {}).flatMap(([key, child]) => objects(child, path ? `${path}.${key}` : key));
  return node.type === "object" ? [[path || "(top)", node], ...inner] : inner;
}

describe("the JSON Schema for editors", () => {
  it(`is up to date in ${CONFIG_JSON_SCHEMA_PATH}`, () => {
    let committed: string;
    try {
      committed = read(CONFIG_JSON_SCHEMA_PATH);
    } catch {
      committed = "(missing)";
    }
    expect(
      committed === configJsonSchemaText(),
      `${CONFIG_JSON_SCHEMA_PATH} does not match src/config/schema.ts: run \`npm run schema:config\` and commit the result`,
    ).toBe(true);
  });

  it("makes no key required and rejects unknown keys, at every level", () => {
    for (const [path, node] of objects(configJsonSchema() as JsonSchemaNode)) {
      expect(node.required, path).toBeUndefined();
      expect(node.additionalProperties, path).toBe(false);
    }
  });

  it("describes every key", () => {
    const undescribed: string[] = [];
    const walk = (node: JsonSchemaNode, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        const here = path ? `${path}.${key}` : key;
        if (!child.description) undescribed.push(here);
        walk(child, here);
      }
    };
    walk(configJsonSchema() as JsonSchemaNode, "");
    expect(undescribed).toEqual([]);
  });

  it("shows defaults as they are written in the file (durations as text, not milliseconds)", () => {
    const schema = configJsonSchema() as JsonSchemaNode;
    expect(schema.properties?.stale?.properties?.warnAfter?.default).toBe("20m");
    expect(schema.properties?.queue?.properties?.checkTimeout?.default).toBe("30m");
    expect(schema.properties?.limits?.properties?.maxActiveTracks?.default).toBe(4);
    expect(parseConfig({ stale: { warnAfter: "20m" }, queue: { checkTimeout: "30m" } })).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });
});

describe("the example .github/switchyard.yml", () => {
  const text = read(".github/switchyard.yml");

  it("is every key at its default", () => {
    expect(parseConfig(parse(text))).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  it("lists every key the schema knows", () => {
    const example = parse(text) as Record<string, unknown>;
    const keys = (value: unknown, path: string): string[] =>
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([k, v]) => keys(v, path ? `${path}.${k}` : k))
        : [path];
    const schemaKeys = (node: JsonSchemaNode, path: string): string[] =>
      node.type === "object" && node.properties
        ? Object.entries(node.properties).flatMap(([k, v]) => (k === "_extends" ? [] : schemaKeys(v, path ? `${path}.${k}` : k)))
        : [path];
    expect(keys(example, "").sort()).toEqual(schemaKeys(configJsonSchema() as JsonSchemaNode, "").sort());
  });

  it("points editors at the committed schema", () => {
    expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=../${CONFIG_JSON_SCHEMA_PATH}`);
  });
});
