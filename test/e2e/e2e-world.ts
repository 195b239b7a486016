import { afterAll, afterEach, beforeAll, expect } from "vitest";
/**
 * End-to-end set-up: an emulated GitHub, one or more Switchyard replicas in real Probot `Server`s, and the
 * emulator's signed webhooks relayed to them over HTTP (round-robin when there are several). Users act through
 * the REST API as themselves; tests wait for the outcome by polling GitHub, never by calling the app.
 */
import { startAppServer, type AppServer } from "../support/app-server.js";
import { startEmulatedGitHub, type EmulatedGitHub, type EmulatedGitHubOptions } from "../support/emulated-github.js";
import type { WebhookDelivery } from "../support/webhook-relay.js";
import { world, type TaskView } from "../integration/world.js";

export type { TaskView };

/** Polls `probe` until it returns something other than `undefined`; throws (with the last value seen) after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, what = "the expected state"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

export interface Said {
  readonly commentId: number;
  /** The webhook the emulator sent for the comment, once the app has answered it. */
  readonly delivery: WebhookDelivery;
}

export interface E2E {
  readonly gh: EmulatedGitHub;
  readonly replicas: readonly AppServer[];
  readonly w: ReturnType<typeof world>;
  /** A new comment by `login`; resolves once its webhook reached the app and the app answered it. */
  say(login: string, issue: number, body: string): Promise<Said>;
  /** The comment's delivery once the app answered it (waits for the forward to finish). */
  deliveryOf(commentId: number): Promise<WebhookDelivery>;
  /** Polls the task until `done(view)` holds; returns that view. */
  until(issue: number, done: (view: TaskView) => boolean, what?: string): Promise<TaskView>;
  /** Polls until the issue or PR has `count` bot replies (then checks no more arrive once webhooks settle). */
  replies(issue: number, count: number): Promise<string[]>;
  close(): Promise<void>;
}

/**
 * One e2e world per test file: started in `beforeAll`, closed in `afterAll`, and after each test every request the
 * app sent must have been one real GitHub accepts. The returned object reads through to the live world.
 */
export function useE2E(options: Parameters<typeof startE2E>[0] = {}): E2E {
  let live: E2E | undefined;
  beforeAll(async () => {
    live = await startE2E(options);
  });
  afterAll(async () => live?.close());
  afterEach(() => {
    expect(live?.gh.recorder.violations).toEqual([]);
  });
  const world = (): E2E => {
    if (!live) throw new Error("the e2e world starts in beforeAll");
    return live;
  };
  return {
    get gh() {
      return world().gh;
    },
    get replicas() {
      return world().replicas;
    },
    get w() {
      return world().w;
    },
    say: (...args) => world().say(...args),
    deliveryOf: (...args) => world().deliveryOf(...args),
    until: (...args) => world().until(...args),
    replies: (...args) => world().replies(...args),
    close: () => world().close(),
  };
}

export async function startE2E(options: { replicas?: number; github?: EmulatedGitHubOptions } = {}): Promise<E2E> {
  const gh = await startEmulatedGitHub(options.github);
  const replicas: AppServer[] = [];
  try {
    for (let i = 0; i < (options.replicas ?? 1); i++) replicas.push(await startAppServer(gh));
  } catch (error) {
    await Promise.all(replicas.map((r) => r.stop()));
    await gh.close();
    throw error;
  }
  gh.setWebhookUrl(replicas.map((r) => r.webhookUrl));
  const w = world(gh);

  const deliveryOf = (commentId: number) =>
    gh.webhooks.waitFor(
      (d) => d.event === "issue_comment" && d.action === "created" && (d.payload as { comment?: { id?: number } }).comment?.id === commentId,
      20_000,
    );

  return {
    gh,
    replicas,
    w,
    deliveryOf,
    async say(login, issue, body) {
      const { data } = await gh.as(login).rest.issues.createComment({ owner: gh.owner, repo: gh.repo, issue_number: issue, body });
      return { commentId: data.id, delivery: await deliveryOf(data.id) };
    },
    until(issue, done, what) {
      return eventually(async () => {
        const view = await w.view(issue);
        return done(view) ? view : undefined;
      }, 15_000, what ?? `expected state of #${issue}`);
    },
    async replies(issue, count) {
      await eventually(async () => ((await w.repliesOn(issue)).length >= count ? true : undefined), 15_000, `${count} replies on #${issue}`);
      await gh.webhooks.settled();
      return w.repliesOn(issue);
    },
    async close() {
      await gh.webhooks.settled();
      await Promise.all(replicas.map((r) => r.stop()));
      await gh.close();
    },
  };
}

/** The app's writes since `mark`, as `METHOD /path` with numbers replaced by `N`. */
export function writesSince(gh: EmulatedGitHub, mark: number): string[] {
  return gh.recorder.writes(mark).map((r) => `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, "/N")}`);
}
