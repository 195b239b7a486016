/**
 * Scene 1, the backlog: a maintainer opens the task issues (labelled ready, with `Depends on:` and `Touches:`
 * lines), lists them unchecked in a TASKS.md on the default branch, and opens one more issue (not a task) where
 * progress reports are asked for.
 */
import { event, lines } from "../support/printer.js";
import type { Sandbox } from "../support/sandbox.js";
import { MAINTAINER } from "./cast.js";

export interface TaskSpec {
  readonly title: string;
  /** The file the agent's commit adds; inside `touches`. */
  readonly file: string;
  /** The `Touches:` globs of the issue body. */
  readonly touches: readonly string[];
  /** `Depends on:` these tasks (indexes into BACKLOG, earlier ones). */
  readonly dependsOn?: readonly number[];
  /** The first agent to claim it gives up once (`/fail`), so someone else picks it up. */
  readonly failsOnce?: string;
}

const BACKLOG: readonly TaskSpec[] = [
  { title: "Add the CLI", file: "src/cli/main.ts", touches: ["src/cli/**"] },
  { title: "Add a --json output flag", file: "src/output/json.ts", touches: ["src/output/**"], dependsOn: [0] },
  { title: "Document the CLI", file: "docs/cli.md", touches: ["docs/cli.md"], dependsOn: [1] },
  { title: "Write the getting-started guide", file: "docs/getting-started.md", touches: ["docs/*.md"] },
  { title: "Load settings from widgets.config.json", file: "src/config/load.ts", touches: ["src/config/**"] },
  { title: "Make the cache size configurable", file: "src/config/cache.ts", touches: ["src/config/cache.ts", "src/cache.ts"] },
  { title: "Validate widget names", file: "src/validate.ts", touches: ["src/validate.ts"] },
  { title: "Fix the flaky upload test", file: "test/upload.test.ts", touches: ["test/upload.test.ts"], failsOnce: "the upload test still times out on CI" },
  { title: "Log requests with their duration", file: "src/log.ts", touches: ["src/log.ts"] },
  { title: "Start a CHANGELOG", file: "CHANGELOG.md", touches: ["CHANGELOG.md"] },
];

export interface Task {
  readonly number: number;
  readonly spec: TaskSpec;
  readonly dependsOn: readonly number[];
}

/** Opens the backlog on GitHub and prints it; the tasks and the issue for `/status`. */
export async function seedBacklog(sandbox: Sandbox): Promise<{ tasks: Task[]; statusIssue: number }> {
  const { gh, repo } = sandbox;
  const maintainer = gh.as(MAINTAINER).rest;
  const tasks: Task[] = [];
  for (const spec of BACKLOG) {
    const dependsOn = (spec.dependsOn ?? []).map((i) => tasks[i]!.number);
    const body = [`${spec.title}.`, "", ...(dependsOn.length > 0 ? [`Depends on: ${dependsOn.map((n) => `#${n}`).join(", ")}`] : []), `Touches: ${spec.touches.join(", ")}`].join("\n");
    const { data } = await maintainer.issues.create({ ...repo, title: spec.title, body, labels: ["agent:ready"] });
    tasks.push({ number: data.number, spec, dependsOn });
  }
  const content = ["# Tasks", "", ...tasks.map((t) => `- [ ] #${t.number} ${t.spec.title}`), ""].join("\n");
  const sha = await fileSha(sandbox, "TASKS.md", gh.defaultBranch);
  await maintainer.repos.createOrUpdateFileContents({
    ...repo,
    path: "TASKS.md",
    branch: gh.defaultBranch,
    message: "List the backlog in TASKS.md",
    content: Buffer.from(content).toString("base64"),
    ...(sha ? { sha } : {}),
  });
  const { data: progress } = await maintainer.issues.create({ ...repo, title: "Progress", body: "Say `/status` here for a progress report." });
  event(MAINTAINER, `opened ${tasks.length} tasks labelled agent:ready (#${tasks[0]!.number}-#${tasks.at(-1)!.number}), listed them in TASKS.md on ${gh.defaultBranch}, and #${progress.number} for progress reports`);
  printBacklog(tasks);
  return { tasks, statusIssue: progress.number };
}

/** One row a task: title, dependencies, `Touches:`, in aligned columns. */
function printBacklog(tasks: readonly Task[]): void {
  const rows = tasks.map((t) => [
    `#${t.number} ${t.spec.title}`,
    t.dependsOn.length > 0 ? `depends on ${t.dependsOn.map((n) => `#${n}`).join(", ")}` : "",
    `touches ${t.spec.touches.join(", ")}`,
  ]);
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
  lines(rows.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]}`.trimEnd()), "          ");
}

/** The blob sha of `path` at `ref`, read by the maintainer; `undefined` where there is no such file. */
export async function fileSha(sandbox: Sandbox, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await sandbox.gh.as(MAINTAINER).rest.repos.getContent({ ...sandbox.repo, path, ref });
    return Array.isArray(data) ? undefined : data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}
