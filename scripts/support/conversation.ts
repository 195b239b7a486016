/**
 * Saying commands as users and waiting for Switchyard's answer, the way a person (or an agent) on GitHub would:
 * post a comment, then read the issue until the bot's reply is there.
 *
 * GitHub links a reply to nothing, so replies are matched to commands from what the issue shows: every command
 * gets exactly one reply (DESIGN.md section 2), so once an issue has as many bot replies as commands were said
 * on it, each reply that begins with `@login` (the bot names the actor first) goes to that login's oldest
 * unanswered command, and the rest go, in order, to the remaining commands said before them. Two agents
 * racing for one task thus get their own answers: the winner's "@alice claimed this task" and the loser's
 * "This task is already claimed by @alice". Every command said on an issue must go through one `Conversation`.
 * The bot's comments that answer no command (the sweep's stale warnings and release notices, its note on a task
 * closed after a merge) carry the reply marker too; they are told apart by their own markers and never matched.
 */
import type { EmulatedGitHub } from "../../test/support/emulated-github.js";
import { sleep, TimeoutError } from "./sandbox.js";

/** The hidden marker on every Switchyard reply (`src/messages.ts`). */
const REPLY_MARKER = "<!-- switchyard:reply -->";
/** The markers of the sweep's own comments (`src/core/stale/messages.ts`): not answers to any command. */
const SWEEP_MARKER = /<!-- switchyard:(stale-warning|stale-release|closed-by-merge) /;

export interface Reply {
  /** The reply comment's id. */
  readonly id: number;
  /** The reply as posted, without the hidden marker. */
  readonly text: string;
  /** From the command comment being created to the reply being seen. */
  readonly ms: number;
}

export interface Said {
  readonly login: string;
  readonly issue: number;
  readonly body: string;
  readonly commentId: number;
  readonly reply: Reply;
}

interface Pending {
  readonly login: string;
  readonly body: string;
  commentId?: number;
  postedAt?: number;
  reply?: Reply;
}

export class Conversation {
  /** Every command said on each issue, answered or not. */
  private readonly commands = new Map<number, Pending[]>();
  private readonly attributed = new Set<number>();
  /** One read of an issue at a time, shared by everyone waiting on it. */
  private readonly polls = new Map<number, Promise<void>>();

  constructor(
    private readonly gh: EmulatedGitHub,
    private readonly options: { timeoutMs?: number; pollMs?: number; reader?: string } = {},
  ) {}

  /** How many commands were said through this conversation. */
  get count(): number {
    return [...this.commands.values()].reduce((n, list) => n + list.length, 0);
  }

  /** Posts `body` as `login` on `issue` and resolves with Switchyard's reply to it. */
  async say(login: string, issue: number, body: string): Promise<Said> {
    const pending: Pending = { login, body };
    // Counted before it is posted: a reply must never be matched while its command is still on its way.
    const list = this.commands.get(issue) ?? [];
    list.push(pending);
    this.commands.set(issue, list);
    const { data } = await this.gh.as(login).rest.issues.createComment({ owner: this.gh.owner, repo: this.gh.repo, issue_number: issue, body });
    pending.commentId = data.id;
    pending.postedAt = Date.now();
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const deadline = Date.now() + timeoutMs;
    while (!pending.reply) {
      if (Date.now() > deadline) {
        const replies = await this.botReplies(issue).catch(() => []);
        throw new TimeoutError(
          `no reply from Switchyard to ${login}'s \`${body}\` on #${issue} within ${timeoutMs} ms ` +
            `(${list.length} command(s) said there, ${replies.length} bot reply(ies): ${replies.map((r) => JSON.stringify(firstLine(r.text))).join(", ") || "none"})`,
        );
      }
      await this.poll(issue);
      if (!pending.reply) await sleep(this.options.pollMs ?? 20);
    }
    return { login, issue, body, commentId: data.id, reply: pending.reply };
  }

  private poll(issue: number): Promise<void> {
    let running = this.polls.get(issue);
    if (!running) {
      running = this.match(issue).finally(() => this.polls.delete(issue));
      this.polls.set(issue, running);
    }
    return running;
  }

  private async match(issue: number): Promise<void> {
    const commands = this.commands.get(issue) ?? [];
    if (commands.some((c) => c.commentId === undefined)) return;
    const replies = await this.botReplies(issue);
    // Settled only when every command on the issue has its reply (exactly one each).
    if (replies.length < commands.length) return;
    const free = replies.filter((r) => !this.attributed.has(r.id));
    const open = commands.filter((c) => !c.reply).sort((a, b) => a.commentId! - b.commentId!);
    const give = (command: Pending, reply: { id: number; text: string; seenAt: number }) => {
      command.reply = { id: reply.id, text: reply.text, ms: reply.seenAt - command.postedAt! };
      this.attributed.add(reply.id);
      free.splice(free.indexOf(reply), 1);
    };
    for (const reply of [...free]) {
      const named = /^@([A-Za-z0-9-]+(?:\[bot\])?)/.exec(reply.text)?.[1]?.toLowerCase();
      const command = named ? open.find((c) => !c.reply && c.login.toLowerCase() === named && c.commentId! < reply.id) : undefined;
      if (command) give(command, reply);
    }
    for (const command of open.filter((c) => !c.reply)) {
      const reply = free.find((r) => r.id > command.commentId!);
      if (reply) give(command, reply);
    }
  }

  private async botReplies(issue: number): Promise<{ id: number; text: string; seenAt: number }[]> {
    const reader = this.gh.as(this.options.reader ?? "maya");
    const comments = await reader.paginate(reader.rest.issues.listComments, { owner: this.gh.owner, repo: this.gh.repo, issue_number: issue, per_page: 100 });
    const seenAt = Date.now();
    return comments
      .filter((c) => c.user?.type === "Bot" && (c.body ?? "").includes(REPLY_MARKER) && !SWEEP_MARKER.test(c.body ?? ""))
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ id: c.id, text: (c.body ?? "").replace(REPLY_MARKER, "").trim(), seenAt }));
  }
}

export function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
