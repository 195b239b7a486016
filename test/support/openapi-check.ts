/**
 * Checks a REST request against GitHub's own OpenAPI description (`@octokit/openapi`,
 * `generated/api.github.com.json`): the route exists, the method is allowed, required parameters are
 * present, query values and top-level JSON body keys are ones GitHub documents.
 *
 * Why: the emulator is lenient (it accepts `PATCH /pulls/{n}` with `draft`, unknown keys, typos…) where
 * real GitHub ignores or rejects them, so a test that passes against the emulator could fail in production.
 * This check is what makes "green against the emulator" mean "valid against GitHub".
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export interface RequestToCheck {
  readonly method: string;
  /** An absolute URL or a path (`/repos/o/r/...?q=1`); a GHES `/api/v3` prefix is ignored. */
  readonly url: string;
  /** The parsed JSON body, if any. */
  readonly body?: unknown;
}

export interface RouteMatch {
  readonly template: string;
  readonly method: string;
  readonly operationId: string;
  /** Path parameters, still URL-encoded as they appeared in the request. */
  readonly params: Record<string, string>;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = { $ref?: string; name: string; in: string; required?: boolean; schema?: Schema };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, { schema?: Schema }> };
};
type Description = { paths: Record<string, Record<string, unknown>>; components: Record<string, Record<string, unknown>> };

interface IndexedPath {
  readonly template: string;
  readonly names: string[];
  /** Each parameter matches one path segment. */
  readonly single: RegExp;
  /** Parameters other than owner/repo/org may span segments (git refs, contents paths, branch names). */
  readonly multi: RegExp;
  readonly literalLength: number;
  readonly item: Record<string, unknown>;
}

const HTTP_METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];
const ONE_SEGMENT_PARAMS = new Set(["owner", "repo", "org", "username", "enterprise"]);

let cache: { description: Description; paths: IndexedPath[] } | undefined;

/** Loads and indexes the 13 MB description once per process. */
function load(): { description: Description; paths: IndexedPath[] } {
  if (cache) return cache;
  const file = createRequire(import.meta.url).resolve("@octokit/openapi/generated/api.github.com.json");
  const description = JSON.parse(readFileSync(file, "utf8")) as Description;
  const paths = Object.entries(description.paths).map(([template, item]): IndexedPath => {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
    const pattern = (multi: boolean) =>
      new RegExp(
        `^${template
          .split(/(\{[^}]+\})/)
          .map((part) => {
            const name = /^\{([^}]+)\}$/.exec(part)?.[1];
            if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
            return multi && !ONE_SEGMENT_PARAMS.has(name) ? "(.+)" : "([^/]+)";
          })
          .join("")}$`,
      );
    return { template, names, single: pattern(false), multi: pattern(true), literalLength: template.replace(/\{[^}]+\}/g, "").length, item };
  });
  cache = { description, paths };
  return cache;
}

function resolve<T extends { $ref?: string }>(value: T): T {
  let current: T = value;
  for (let depth = 0; current?.$ref && depth < 20; depth++) {
    const [, , section, name] = current.$ref.split("/");
    current = load().description.components[section!]?.[name!] as T;
  }
  return current;
}

function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const parsed = new URL(url, "http://github.invalid");
  let path = parsed.pathname;
  if (path.startsWith("/api/v3/")) path = path.slice("/api/v3".length);
  return { path, query: parsed.searchParams };
}

/** The documented operation a request is for, or a reason why there is none. */
export function matchRoute(method: string, url: string): RouteMatch | { problem: string } {
  const { path } = splitUrl(url);
  const verb = method.toLowerCase();
  const { paths } = load();
  for (const mode of ["single", "multi"] as const) {
    const candidates = paths
      .map((p) => ({ p, m: p[mode].exec(path) }))
      .filter((c): c is { p: IndexedPath; m: RegExpExecArray } => c.m !== null)
      .sort((a, b) => b.p.literalLength - a.p.literalLength);
    if (candidates.length === 0) continue;
    const chosen = candidates.find((c) => verb in c.p.item) ?? candidates[0]!;
    const operation = chosen.p.item[verb] as Operation | undefined;
    if (!operation) {
      const allowed = HTTP_METHODS.filter((m) => m in chosen.p.item).map((m) => m.toUpperCase());
      return { problem: `${method.toUpperCase()} is not allowed on ${chosen.p.template} (GitHub documents ${allowed.join(", ")})` };
    }
    const params = Object.fromEntries(chosen.p.names.map((name, i) => [name, chosen.m[i + 1]!]));
    return { template: chosen.p.template, method: verb, operationId: operation.operationId, params };
  }
  return { problem: `GitHub's REST API has no route ${path}` };
}

/** Problems that would make real GitHub reject (or silently ignore part of) this request; `[]` when it is fine. */
export function checkRequest(request: RequestToCheck): string[] {
  const route = matchRoute(request.method, request.url);
  if ("problem" in route) return [route.problem];
  const operation = load().description.paths[route.template]![route.method] as Operation;
  const where = `${request.method.toUpperCase()} ${route.template}`;
  const problems: string[] = [];
  const { query } = splitUrl(request.url);
  const parameters = (operation.parameters ?? []).map((p) => resolve(p));

  for (const parameter of parameters.filter((p) => p.in === "path")) {
    const value = route.params[parameter.name];
    if (value === undefined || value === "") problems.push(`${where}: path parameter '${parameter.name}' is missing`);
    else if (typeOf(parameter.schema) === "integer" && !/^\d+$/.test(value)) {
      problems.push(`${where}: path parameter '${parameter.name}' must be an integer, got '${decodeURIComponent(value)}'`);
    }
  }
  const queryParameters = parameters.filter((p) => p.in === "query");
  for (const parameter of queryParameters) {
    const value = query.get(parameter.name);
    if (value === null) {
      if (parameter.required) problems.push(`${where}: required query parameter '${parameter.name}' is missing`);
      continue;
    }
    const schema = resolve(parameter.schema ?? {});
    if (schema.enum && !schema.enum.includes(value)) {
      problems.push(`${where}: query parameter '${parameter.name}' must be one of ${schema.enum.join(", ")}, got '${value}'`);
    }
    if (typeOf(schema) === "integer" && !/^-?\d+$/.test(value)) {
      problems.push(`${where}: query parameter '${parameter.name}' must be an integer, got '${value}'`);
    }
  }
  for (const name of new Set(query.keys())) {
    if (!queryParameters.some((p) => p.name === name)) problems.push(`${where}: GitHub does not document the query parameter '${name}'`);
  }

  const hasBody = request.body !== undefined && request.body !== null && !(isObject(request.body) && Object.keys(request.body).length === 0);
  const requestBody = operation.requestBody ? resolve(operation.requestBody) : undefined;
  const schema = requestBody?.content?.["application/json"]?.schema;
  if (!schema) {
    if (hasBody && !requestBody) problems.push(`${where}: GitHub takes no request body here, got ${JSON.stringify(request.body)}`);
    return problems;
  }
  return [...problems, ...checkBody(resolve(schema), request.body ?? {}).map((p) => `${where}: ${p}`)];
}

/** Top-level shape of a JSON body: required keys, unknown keys, value types, string enums. */
function checkBody(schema: Schema, body: unknown): string[] {
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) {
    const results = alternatives.map((alternative) => checkBody(resolve(alternative), body));
    if (results.some((r) => r.length === 0)) return [];
    return results.sort((a, b) => a.length - b.length)[0]!;
  }
  if (schema.allOf) return schema.allOf.flatMap((part) => checkBody(resolve(part), body));
  const expected = typeOf(schema);
  if (expected && !hasType(body, schema)) return [`the body must be ${article(expected)}, got ${JSON.stringify(body)}`];
  if (!isObject(body) || (!schema.properties && !schema.required)) return [];

  const problems: string[] = [];
  for (const key of schema.required ?? []) {
    if (!(key in body)) problems.push(`the body is missing the required key '${key}'`);
  }
  const properties = schema.properties ?? {};
  const closed = schema.properties !== undefined && schema.additionalProperties !== true && typeof schema.additionalProperties !== "object";
  for (const [key, value] of Object.entries(body)) {
    const property = properties[key];
    if (!property) {
      if (closed) problems.push(`GitHub does not accept the body key '${key}' (documented keys: ${Object.keys(properties).join(", ")})`);
      continue;
    }
    const resolved = resolve(property);
    if (!hasType(value, resolved)) {
      problems.push(`'${key}' must be ${describeType(resolved)}, got ${JSON.stringify(value)}`);
    } else if (typeof value === "string" && resolved.enum && !resolved.enum.includes(value)) {
      problems.push(`'${key}' must be one of ${resolved.enum.map((e) => JSON.stringify(e)).join(", ")}, got ${JSON.stringify(value)}`);
    }
  }
  return problems;
}

function typeOf(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const resolved = resolve(schema);
  return Array.isArray(resolved.type) ? resolved.type.find((t) => t !== "null") : resolved.type;
}

/** Whether a value has the JSON type a (shallow) schema asks for; schemas without a type accept anything. */
function hasType(value: unknown, schema: Schema): boolean {
  if (value === null && schema.nullable === true) return true;
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.some((alternative) => hasType(value, resolve(alternative)));
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.length === 0) return true;
  if (value === null) return schema.nullable === true || types.includes("null");
  return types.some((type) => {
    switch (type) {
      case "integer":
        return Number.isInteger(value);
      case "number":
        return typeof value === "number";
      case "array":
        return Array.isArray(value);
      case "object":
        return isObject(value);
      case "null":
        return false;
      default:
        return typeof value === type;
    }
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeType(schema: Schema): string {
  const alternatives = schema.oneOf ?? schema.anyOf;
  const types = alternatives ? alternatives.map((a) => typeOf(a) ?? "any") : [typeOf(schema) ?? "any"];
  return [...types.map(article), ...(schema.nullable ? ["null"] : [])].join(" or ");
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
