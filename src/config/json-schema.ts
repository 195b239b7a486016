import { z } from "zod";
import { configSchema } from "./schema.js";

/** Where the generated schema is committed, relative to the repository's root. */
export const CONFIG_JSON_SCHEMA_PATH = "schema/switchyard.schema.json";

/**
 * The JSON Schema of `.github/switchyard.yml` for editors, generated from {@link configSchema}: what may be
 * written (`io: "input"`), so keys are optional, defaults are shown as written in the file and durations
 * accept minutes or text. Draft-07, which every YAML language server understands.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(configSchema, { io: "input", target: "draft-07" }) as Record<string, unknown>;
  const { $schema, properties, ...rest } = generated;
  return {
    $schema,
    title: "Switchyard configuration (.github/switchyard.yml)",
    ...rest,
    properties: {
      ...(properties as Record<string, unknown>),
      // Probot's own key, resolved before Switchyard reads the file.
      _extends: {
        type: "string",
        description:
          "Probot: start from another repository's `.github/switchyard.yml` (`repo`, `owner/repo` or " +
          "`owner/repo:path/to/file.yml`); keys in this file override it.",
      },
    },
  };
}

/** The committed file's exact contents. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
