/**
 * `npm run demo`: Switchyard end to end on this machine, offline, with no GitHub account.
 *
 * Starts the emulated GitHub and the app (a real Probot server receiving signed webhooks), seeds a backlog of
 * task issues and a TASKS.md, then lets three simulated agents work through it in parallel: each picks a ready
 * task, says `/claim`, reads the bot's reply (another agent may have won the race), pushes a real commit to its
 * track branch and says `/done`. A reviewer approves every PR that becomes ready for review; a read-only user
 * tries to claim and is refused; one task fails once and is picked up again by someone else. Every "→ …" is
 * read from the bot's reply. Ends with a `/status`-style report, the GitHub requests the app spent, and exits
 * 1 if any request (the app's or the simulated users') would not have been accepted by real GitHub.
 */
import { Conversation, type Said } from "./support/conversation.js";
import { event, heading, lines, paint } from "./support/printer.js";
import { describeOutcome, readOutcome, type Outcome } from "./support/replies.js";
import { appIdle, sleep, startSandbox, TimeoutError, withTimeout, type Sandbox } from "./support/sandbox.js";
import { renderStatus, statusReport } from "./support/status.js";

const AGENTS = ["alice", "bob", "carol"] as const;
const REVIEWER = "maya";
const MAINTAINER = "adam";
const READ_ONLY = "rita";
/** The whole demo must finish well within this; every single wait has its own, shorter timeout too. */
const DEADLINE_MS = 90_000;
/** How long the reviewer takes to read a PR that became ready for review. */
const REVIEW_READING_MS = 200;

interface TaskSpec {
  readonly title: string;
  /** The file the agent's commit adds. */
  readonly file: string;
  /** The first agent to claim it gives up once (`/fail`), so someone else picks it up. */
  readonly failsOnce?: string;
}

const BACKLOG: readonly TaskSpec[] = [
  { title: "Add the CLI", file: "src/cli.ts" },
  { title: "Write the getting-started guide", file: "docs/getting-started.md" },
  { title: "Load settings from widgets.config.json", file: "src/config.ts" },
  { title: "Validate widget names", file: "src/validate.ts" },
  { title: "Fix the flaky upload test", file: "test/upload.test.ts", failsOnce: "the upload test still times out on CI" },
  { title: "Add a --json output flag", file: "src/output.ts" },
  { title: "Cache widget lookups", file: "src/cache.ts" },
  { title: "Log requests with their duration", file: "src/log.ts" },
  { title: "Start a CHANGELOG", file: "CHANGELOG.md" },
];

interface Task {
  readonly number: number;
  readonly spec: TaskSpec;
}

async function main(): Promise<number> {
  const started = Date.now();
  const sandbox = await startSandbox();
  const { gh } = sandbox;
  try {
    console.log(`Switchyard demo: an emulated GitHub at ${gh.url} (${gh.owner}/${gh.repo}), the app at ${sandbox.app.webhookUrl}`);
    heading("Backlog");
    const tasks = await seedBacklog(sandbox);
    heading(`Agents ${AGENTS.join(", ")} at work (reviewer: ${REVIEWER})`);
    const conversation = new Conversation(gh, { timeoutMs: 15_000, reader: REVIEWER, pollMs: 50 });
    await withTimeout(work(sandbox, conversation, tasks), DEADLINE_MS - (Date.now() - started), "the agents finishing the backlog");
    await appIdle(gh);

    heading("Status");
    // Computed from GitHub state until the app answers `/status` itself; then: say `/status` and print the reply.
    const report = await statusReport(gh, { reader: REVIEWER });
    lines(renderStatus(report));
    if (report.completed === 0 && report.inReview > 0) {
      lines(["", "(\"completed\" counts merged tasks; this version has no merge queue yet, so finished work waits in review.)"]);
    }

    heading("What the app spent");
    const requests = gh.recorder.since();
    const writes = gh.recorder.writes();
    const mints = requests.filter((r) => r.method === "POST" && /^\/app\/installations\/[^/]+\/access_tokens$/.test(r.path)).length;
    const commands = conversation.count;
    lines([
      `${requests.length} GitHub requests for ${commands} commands: ${writes.length} writes, ${requests.length - writes.length - mints} reads, ${mints} installation token mint(s)`,
      `${(requests.length / Math.max(commands, 1)).toFixed(1)} requests and ${(writes.length / Math.max(commands, 1)).toFixed(1)} writes per command on average`,
      `finished in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ]);

    const violations = gh.recorder.violations;
    if (violations.length > 0) {
      heading(paint(`${violations.length} request(s) real GitHub would not accept:`, "red"));
      lines(violations.map((v) => `${v.kind}: ${v.request}: ${v.problems.join("; ")}`));
      return 1;
    }
    console.log("");
    console.log("Every request the app and the simulated users made would have been accepted by GitHub.");
    return 0;
  } finally {
    await sandbox.stop();
  }
}

/** The task issues (labelled ready by a maintainer) and a TASKS.md on the default branch listing them. */
async function seedBacklog(sandbox: Sandbox): Promise<Task[]> {
  const { gh, repo } = sandbox;
  const maintainer = gh.as(MAINTAINER).rest;
  const tasks: Task[] = [];
  for (const spec of BACKLOG) {
    const { data } = await maintainer.issues.create({
      ...repo,
      title: spec.title,
      body: `${spec.title}.\n\nTouches: ${spec.file}`,
      labels: ["agent:ready"],
    });
    tasks.push({ number: data.number, spec });
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
  event(MAINTAINER, `opened ${tasks.length} tasks labelled agent:ready (#${tasks[0]!.number}-#${tasks.at(-1)!.number}) and listed them in TASKS.md on ${gh.defaultBranch}`);
  return tasks;
}

async function work(sandbox: Sandbox, conversation: Conversation, tasks: readonly Task[]): Promise<void> {
  const byNumber = new Map(tasks.map((t) => [t.number, t]));
  const shared = { busy: 0, agentsLeft: AGENTS.length as number, failedOnce: new Set<number>(), inbox: [] as number[] };
  const first = tasks[0]!;
  const say = async (login: string, task: Task, command: string): Promise<{ said: Said; outcome: Outcome }> => {
    const said = await conversation.say(login, task.number, command);
    const outcome = readOutcome(said.reply.text);
    // Replies to a race arrive together; let the winner's line come first.
    if (outcome.kind === "refused") await sleep(10);
    const color = outcome.kind === "refused" ? "yellow" : outcome.kind === "failed" ? "magenta" : "green";
    const [name, ...rest] = command.split(" ");
    const reason = rest.length > 0 ? ` (${rest.join(" ")})` : "";
    event(login, `${name} #${task.number} "${task.spec.title}"${reason}  → ${paint(describeOutcome(outcome), color)} ${paint(`(${said.reply.ms} ms)`, "dim")}`);
    return { said, outcome };
  };

  const agent = async (login: string, index: number): Promise<void> => {
    const skip = new Set<number>();
    // alice and bob go for the first task at the same moment: one wins, the other is refused and moves on.
    let next: Task | undefined = index < 2 ? first : undefined;
    let claims = 0;
    try {
      for (;;) {
        shared.busy++;
        let task: Task | undefined;
        try {
          task = next ?? (await pickReady(sandbox, byNumber, skip, index));
          next = undefined;
          if (task) {
            if (++claims > 30) throw new Error(`${login} tried to claim 30 times without running out of tasks`);
            await attempt(login, task, skip);
          }
        } finally {
          shared.busy--;
        }
        if (!task) {
          // Nothing ready for this agent. Done, unless someone is still working (a /fail puts a task back).
          if (shared.busy === 0) return;
          await sleep(100);
        }
      }
    } finally {
      shared.agentsLeft--;
    }
  };

  /** One task: claim it; if that worked, push a commit and say /done (or /fail, once, for the flaky task). */
  const attempt = async (login: string, task: Task, skip: Set<number>): Promise<void> => {
    const claim = await say(login, task, "/claim");
    if (claim.outcome.kind !== "claimed") {
      // Lost a race: the task is no longer ready and drops out of the next listing. Any other reason: skip it.
      if (claim.outcome.kind !== "refused" || !claim.outcome.heldBy) skip.add(task.number);
      return;
    }
    await pushCommit(sandbox, login, task, claim.outcome.branch);
    if (task.spec.failsOnce && !shared.failedOnce.has(task.number)) {
      shared.failedOnce.add(task.number);
      skip.add(task.number);
      await say(login, task, `/fail ${task.spec.failsOnce}`);
      return;
    }
    const done = await say(login, task, "/done");
    if (done.outcome.kind === "done") shared.inbox.push(done.outcome.pullRequest);
  };

  const readOnlyUser = async () => {
    await sleep(50);
    const task = tasks.at(-1)!;
    await say(READ_ONLY, task, "/claim");
  };

  // The reviewer works from notifications (the bot's "ready for review" replies) and checks each PR on GitHub.
  const reviewer = async () => {
    const client = sandbox.gh.as(REVIEWER).rest;
    for (;;) {
      const number = shared.inbox.shift();
      if (number === undefined) {
        if (shared.agentsLeft === 0) return;
        await sleep(50);
        continue;
      }
      await sleep(REVIEW_READING_MS);
      const { data: pr } = await client.pulls.get({ ...sandbox.repo, pull_number: number });
      if (pr.draft || pr.state !== "open") {
        event(REVIEWER, paint(`PR #${number} "${pr.title}" is ${pr.draft ? "still a draft" : pr.state}: not reviewing it`, "red"));
        continue;
      }
      const { data: review } = await client.pulls.createReview({ ...sandbox.repo, pull_number: number, event: "APPROVE", body: "Looks good to me." });
      event(REVIEWER, `reviewed PR #${number} "${pr.title}"  → ${paint(review.state === "APPROVED" ? "approved" : review.state.toLowerCase(), "green")}`);
    }
  };

  await Promise.all([...AGENTS.map((login, i) => agent(login, i)), readOnlyUser(), reviewer()]);
}

/** A ready task for this agent: agents start at different places in the list so they do not all race. */
async function pickReady(sandbox: Sandbox, tasks: ReadonlyMap<number, Task>, skip: ReadonlySet<number>, index: number): Promise<Task | undefined> {
  const client = sandbox.gh.as(AGENTS[index]!).rest;
  const { data } = await client.issues.listForRepo({ ...sandbox.repo, state: "open", labels: "agent:ready", per_page: 100, sort: "created", direction: "asc" });
  const ready = data
    .filter((i) => !i.pull_request && tasks.has(i.number) && !skip.has(i.number))
    .map((i) => tasks.get(i.number)!);
  return ready.length === 0 ? undefined : ready[index % ready.length];
}

/** The agent's work: one real commit on its track branch, through the contents API. */
async function pushCommit(sandbox: Sandbox, login: string, task: Task, branch: string): Promise<void> {
  const { gh, repo } = sandbox;
  const sha = await fileSha(sandbox, task.spec.file, branch);
  const { data } = await gh.as(login).rest.repos.createOrUpdateFileContents({
    ...repo,
    path: task.spec.file,
    branch,
    message: `${task.spec.title} (#${task.number})`,
    content: Buffer.from(contentFor(task, login)).toString("base64"),
    ...(sha ? { sha } : {}),
  });
  // Read back from GitHub: the branch head is the commit just made.
  const { data: head } = await gh.as(login).rest.repos.getBranch({ ...repo, branch });
  const ok = head.commit.sha === data.commit.sha;
  event(login, `pushed 1 commit to ${branch} (${task.spec.file}, ${data.commit.sha?.slice(0, 7)})${ok ? "" : paint(" but the branch head is elsewhere", "red")}`);
}

function contentFor(task: Task, login: string): string {
  const note = `${task.spec.title} (#${task.number}), by ${login}.`;
  if (task.spec.file.endsWith(".md")) return `# ${task.spec.title}\n\n${note}\n`;
  return `// ${note}\nexport const done = true;\n`;
}

async function fileSha(sandbox: Sandbox, path: string, ref: string): Promise<string | undefined> {
  try {
    const { data } = await sandbox.gh.as(MAINTAINER).rest.repos.getContent({ ...sandbox.repo, path, ref });
    return Array.isArray(data) ? undefined : data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error("");
    console.error(paint(`demo failed: ${error instanceof Error ? error.message : String(error)}`, "red"));
    if (error instanceof Error && !(error instanceof TimeoutError) && error.stack) console.error(error.stack);
    process.exit(1);
  },
);
