/**
 * Reads `/metrics` over HTTP the way Prometheus does, and checks the text format on the way: the content type is
 * prom-client's, and every line is a `# HELP`, a `# TYPE` or a well-formed sample. A line that is not fails the test.
 */
import { expect } from "vitest";
import { Registry } from "prom-client";

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Scrape {
  readonly samples: readonly Sample[];
  /** Each metric's declared type (`# TYPE` lines). */
  readonly types: ReadonlyMap<string, string>;
  /** The sum of the samples named `name` whose labels include `labels` (0 when there is none). */
  value(name: string, labels?: Readonly<Record<string, string>>): number;
  /** Every value the label `label` takes on samples named `name`. */
  labelValues(name: string, label: string): string[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const LABEL = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
// Values as Prometheus parses them (Go's ParseFloat): decimals, and NaN and Inf in any case.
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*)?\\})? ([+-]?(?:\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?|inf)|nan)(?: -?\\d+)?$`, "i");
const HELP = new RegExp(`^# HELP ${NAME} .*$`);
const TYPE = new RegExp(`^# TYPE ${NAME} (counter|gauge|histogram|summary|untyped)$`);

export async function scrape(baseUrl: string): Promise<Scrape> {
  const response = await fetch(new URL("/metrics", baseUrl));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(new Registry().contentType);
  const text = await response.text();
  const samples = parseMetrics(text);
  const types = new Map([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!] as const));
  return {
    samples,
    types,
    value: (name, labels = {}) => samples.filter((s) => s.name === name && includes(s.labels, labels)).reduce((sum, s) => sum + s.value, 0),
    labelValues: (name, label) => [...new Set(samples.filter((s) => s.name === name && label in s.labels).map((s) => s.labels[label]!))],
  };
}

/** The samples of a Prometheus text exposition; throws on the first malformed line. */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || HELP.test(line) || TYPE.test(line)) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    samples.push({ name: match[1]!, labels: labelsOf(match[2] ?? ""), value: Number(match[3]!.replace(/inf$/i, "Infinity").replace(/^nan$/i, "NaN")) });
  }
  return samples;
}

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[name!] = value!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
  }
  return labels;
}

function includes(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([name, value]) => labels[name] === value);
}
