/**
 * The GitHub Actions workflows, read: CI tests on the Node line the image runs and builds the image in a job of its
 * own; the scheduled sweep workflow is the one docs/sweep.md shows.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../support/main-process.js";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: unknown;
  readonly jobs: Record<string, { readonly "runs-on": string; readonly steps: readonly Step[] }>;
}

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const workflow = (name: string) => parse(read(`.github/workflows/${name}`)) as Workflow;
const dockerNode = Number(/^FROM node:(\d+)-/m.exec(read("Dockerfile"))?.[1]);

describe("CI workflow", () => {
  const ci = workflow("ci.yml");
  const steps = Object.values(ci.jobs).flatMap((job) => job.steps);

  it("sets up the Node line the Docker image runs, in every job", () => {
    const versions = steps.filter((s) => s.uses?.startsWith("actions/setup-node@")).map((s) => Number(s.with?.["node-version"]));
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set([dockerNode]));
  });

  it("runs the tests, and builds the image and runs it in a job of its own on a runner with Docker", () => {
    expect(steps.some((s) => s.run?.includes(".ci/run"))).toBe(true);
    const docker = Object.values(ci.jobs).find((job) => job.steps.some((s) => /\bdocker build\b/.test(s.run ?? "")));
    expect(docker?.["runs-on"]).toMatch(/^ubuntu-/);
    const script = docker!.steps.map((s) => s.run ?? "").join("\n");
    expect(script).toMatch(/docker run .*--env-file \.env\.example/);
    expect(script).toContain("{{.State.Health.Status}}");
  });
});

describe("sweep workflow", () => {
  it("is the workflow docs/sweep.md shows, byte for byte", () => {
    const shown = /```yaml\n(# \.github\/workflows\/switchyard-sweep\.yml\n[\s\S]*?)```/.exec(read("docs/sweep.md"))?.[1];
    expect(shown).toBe(read(".github/workflows/switchyard-sweep.yml"));
  });

  it("runs on a schedule and by hand, with no token permissions, taking the URL and secret from secrets", () => {
    const sweep = workflow("switchyard-sweep.yml");
    expect(Object.keys(sweep.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(sweep.permissions).toEqual({});
    const text = read(".github/workflows/switchyard-sweep.yml");
    expect(text).toContain("${{ secrets.SWEEP_SECRET }}");
    expect(text).toContain('--header "Authorization: Bearer ${SWEEP_SECRET}"');
  });
});
