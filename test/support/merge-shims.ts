/**
 * Shims for the merge queue's GitHub: emulate keeps a pull request's `head_sha`/`base_sha` from its creation, merges by
 * copying the head's tree over the base (losing what landed on the base meanwhile), updates a branch without the base's
 * changes, reports no conflicts, and has no commit statuses. These shims answer like GitHub, driven by the actual file
 * contents: a file changed differently on both sides since the merge base (compared by blob) is a conflict.
 *
 * File-level, not line-level: two edits to different lines of one file conflict here but may merge on GitHub. The
 * tests use different files for independent work, so the difference does not show.
 */
import type { Json, ShimState } from "./shim-state.js";
import { signCommit } from "./commit-signatures.js";
import { json, type Shim, type ShimContext } from "./github-fetch.js";


const REPO = "/repos/([^/]+)/([^/]+)";
const DOCS = "https://docs.github.com/rest";

/**
 * Fault hook for what the tests cannot time: the next `baseModified` merges are answered 405 "Base branch was
 * modified", as GitHub answers when the base moved between its mergeability check and the merge.
 */
export interface MergeFaults {
  baseModified: number;
}

const faults = new WeakMap<ShimState, MergeFaults>();

export function mergeFaults(state: ShimState): MergeFaults {
  let found = faults.get(state);
  if (!found) faults.set(state, (found = { baseModified: 0 }));
  return found;
}

export function mergeQueueShims(): Shim[] {
  return [
    {
      method: "GET",
      route: new RegExp(`^${REPO}/pulls/(\\d+)$`),
      why: "emulate keeps the head and base SHAs of the PR's creation and says every PR is mergeable; GitHub answers the branches' heads and computes mergeable/mergeable_state",
      handle: async (c) => {
        const response = await c.forward();
        if (response.status !== 200) return response;
        const pr = await response.json();
        if (pr.state !== "open") return json(200, withMergedHead(c.state, c.params[0]!, c.params[1]!, pr));
        const [owner, repo] = c.params as [string, string];
        const head = await branchSha(c, owner, repo, pr.head.ref);
        const base = await branchSha(c, owner, repo, pr.base.ref);
        if (!head || !base) return json(200, pr);
        const merge = await threeWay(c, owner, repo, base, head);
        const mergeableState = pr.draft ? "draft" : merge.conflicts.length > 0 ? "dirty" : "clean";
        return json(200, {
          ...pr,
          head: { ...pr.head, sha: head },
          base: { ...pr.base, sha: base },
          mergeable: merge.conflicts.length === 0,
          mergeable_state: mergeableState,
        });
      },
    },
    {
      method: "PUT",
      route: new RegExp(`^${REPO}/pulls/(\\d+)/merge$`),
      why: "emulate compares `sha` with a stale head, answers 422 for it, and merges by copying the head's tree over the base; GitHub answers 409 for a moved head, 405 for a conflict, and merges both sides",
      handle: async (c) => {
        const [owner, repo, number] = c.params as [string, string, string];
        return c.state.serialize(`merge ${owner}/${repo}`.toLowerCase(), async () => {
          const pull = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "harness" });
          if (pull.status !== 200 || pull.json.state !== "open" || pull.json.draft) return c.forward();
          const body = (c.request.json ?? {}) as { sha?: unknown; merge_method?: unknown; commit_title?: unknown };
          const head = await branchSha(c, owner, repo, pull.json.head.ref);
          const base = await branchSha(c, owner, repo, pull.json.base.ref);
          if (!head || !base) return json(422, { message: "Could not resolve commits to merge.", documentation_url: DOCS, status: "422" });
          if (typeof body.sha === "string" && body.sha !== head) {
            return json(409, { message: "Head branch was modified. Review and try the merge again.", documentation_url: `${DOCS}/pulls/pulls#merge-a-pull-request`, status: "409" });
          }
          if (mergeFaults(c.state).baseModified > 0) {
            mergeFaults(c.state).baseModified--;
            return json(405, { message: "Base branch was modified. Review and try the merge again.", documentation_url: `${DOCS}/pulls/pulls#merge-a-pull-request`, status: "405" });
          }
          const merge = await threeWay(c, owner, repo, base, head);
          if (merge.conflicts.length > 0) {
            return json(405, { message: "Pull Request is not mergeable", documentation_url: `${DOCS}/pulls/pulls#merge-a-pull-request`, status: "405" });
          }
          const method = body.merge_method === "merge" || body.merge_method === "rebase" ? body.merge_method : body.merge_method === undefined ? "merge" : "squash";
          const title = typeof body.commit_title === "string" ? body.commit_title : `${pull.json.title} (#${number})`;
          const tree = await writeTree(c, owner, repo, merge.files);
          const commit = await c.internal("POST", `/repos/${owner}/${repo}/git/commits`, {
            body: { message: title, tree, parents: method === "merge" ? [base, head] : [base] },
          });
          // emulate's own merge does the PR's bookkeeping (merged, closed, the event); then the base gets the real merge.
          const done = await c.internal("PUT", `/repos/${owner}/${repo}/pulls/${number}/merge`, { body: { merge_method: method } });
          if (done.status !== 200) return json(done.status, done.json);
          mergedHeads(c.state).set(pullKey(owner, repo, number), head);
          await c.internal("PATCH", `/repos/${owner}/${repo}/git/refs/heads/${refPath(pull.json.base.ref)}`, { body: { sha: commit.json.sha, force: true } });
          return json(200, { sha: commit.json.sha, merged: true, message: "Pull Request successfully merged" });
        });
      },
    },
    {
      method: "PUT",
      route: new RegExp(`^${REPO}/pulls/(\\d+)/update-branch$`),
      why: "emulate checks `expected_head_sha` against a stale head and makes a merge commit without the base's changes; GitHub merges the base in, or answers 422 for a conflict",
      handle: async (c) => {
        const [owner, repo, number] = c.params as [string, string, string];
        return c.state.serialize(`merge ${owner}/${repo}`.toLowerCase(), async () => {
          const pull = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "harness" });
          if (pull.status !== 200 || pull.json.state !== "open") return c.forward();
          const body = (c.request.json ?? {}) as { expected_head_sha?: unknown };
          const head = await branchSha(c, owner, repo, pull.json.head.ref);
          const base = await branchSha(c, owner, repo, pull.json.base.ref);
          if (!head || !base) return c.forward();
          if (typeof body.expected_head_sha === "string" && body.expected_head_sha !== head) {
            return unprocessable("expected head sha didn’t match current head ref.");
          }
          const compare = await c.internal("GET", `/repos/${owner}/${repo}/compare/${base}...${head}`, { as: "harness" });
          if (compare.json?.behind_by === 0) return unprocessable("There are no new commits on the base branch.");
          const merge = await threeWay(c, owner, repo, base, head);
          if (merge.conflicts.length > 0) return unprocessable("merge conflict between base and head");
          const tree = await writeTree(c, owner, repo, merge.files);
          const commit = await c.internal("POST", `/repos/${owner}/${repo}/git/commits`, {
            body: { message: `Merge branch '${pull.json.base.ref}' into ${pull.json.head.ref}`, tree, parents: [head, base] },
          });
          signCommit(c.state, String(commit.json.sha)); // GitHub makes the update's merge commit itself, signed
          await c.internal("PATCH", `/repos/${owner}/${repo}/git/refs/heads/${refPath(pull.json.head.ref)}`, { body: { sha: commit.json.sha, force: false } });
          return json(202, { message: "Updating pull request branch.", url: `${c.state.baseUrl}/repos/${owner}/${repo}/pulls/${number}` });
        });
      },
    },
    {
      method: "GET",
      route: new RegExp(`^${REPO}/pulls$`),
      why: "emulate lists each PR with the head SHA of its creation; GitHub lists the head branch's current commit",
      handle: async (c) => {
        const response = await c.forward();
        if (response.status !== 200) return response;
        const [owner, repo] = c.params as [string, string];
        const pulls = (await response.json()) as { number: number; state: string; head: { ref: string; sha: string } }[];
        const fixed = await Promise.all(
          pulls.map(async (pr) => {
            if (pr.state !== "open") return withMergedHead(c.state, owner, repo, pr);
            const head = await branchSha(c, owner, repo, pr.head.ref);
            return head ? { ...pr, head: { ...pr.head, sha: head } } : pr;
          }),
        );
        const link = response.headers.get("link");
        return json(200, fixed, link ? { link } : {});
      },
    },
    {
      method: "POST",
      route: new RegExp(`^${REPO}/pulls/(\\d+)/reviews$`),
      why: "emulate records a review on the PR's head of creation time; GitHub records it on the PR's current head (the reviews that count are the ones on the current head)",
      handle: async (c) => {
        const body = (c.request.json ?? {}) as { commit_id?: unknown };
        if (typeof body.commit_id === "string") return c.forward();
        const [owner, repo, number] = c.params as [string, string, string];
        const pull = await c.internal("GET", `/repos/${owner}/${repo}/pulls/${number}`, { as: "harness" });
        const head = pull.status === 200 ? await branchSha(c, owner, repo, pull.json.head.ref) : null;
        return c.forward(head ? { ...body, commit_id: head } : body);
      },
    },
    ...statusShims(),
  ];
}

/** Commit statuses: emulate has none. Kept beside the emulator, per repository and commit, newest first like GitHub. */
function statusShims(): Shim[] {
  const why = "emulate has no commit statuses; GitHub keeps them per commit and combines the latest per context";
  return [
    {
      method: "POST",
      route: new RegExp(`^${REPO}/statuses/([0-9a-f]{40})$`),
      why,
      handle: async (c) => {
        const [owner, repo, sha] = c.params as [string, string, string];
        const body = (c.request.json ?? {}) as { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown };
        const commit = await c.internal("GET", `/repos/${owner}/${repo}/git/commits/${sha}`, { as: "harness" });
        if (commit.status !== 200) return unprocessable(`No commit found for SHA: ${sha}`);
        const who = await c.identity();
        const list = statusesOf(c.state, owner, repo, sha);
        const id = 5_000_000 + nextStatusId++;
        const now = new Date().toISOString();
        const status = {
          url: `${c.state.baseUrl}/repos/${owner}/${repo}/statuses/${sha}`,
          avatar_url: null,
          id,
          node_id: Buffer.from(`0:StatusContext${id}`).toString("base64"),
          state: String(body.state),
          description: typeof body.description === "string" ? body.description : null,
          target_url: typeof body.target_url === "string" ? body.target_url : null,
          context: typeof body.context === "string" ? body.context : "default",
          created_at: now,
          updated_at: now,
          creator: who?.kind === "user" ? (await c.internal("GET", `/users/${who.login}`, { as: "harness" })).json : null,
        };
        list.unshift(status);
        return json(201, status);
      },
    },
    {
      method: "GET",
      route: new RegExp(`^${REPO}/commits/([^/]+)/status$`),
      why,
      handle: async (c) => {
        const [owner, repo, ref] = c.params as [string, string, string];
        const commit = await c.internal("GET", `/repos/${owner}/${repo}/commits/${encodeURIComponent(ref)}`, { as: "harness" });
        if (commit.status !== 200) return json(404, { message: "Not Found", documentation_url: DOCS, status: "404" });
        const sha = String(commit.json.sha);
        const latest = new Map<string, Json>();
        for (const status of statusesOf(c.state, owner, repo, sha)) if (!latest.has(status.context)) latest.set(status.context, status);
        const statuses = [...latest.values()];
        const state = statuses.some((s) => s.state === "failure" || s.state === "error")
          ? "failure"
          : statuses.length === 0 || statuses.some((s) => s.state === "pending")
            ? "pending"
            : "success";
        const repository = await c.internal("GET", `/repos/${owner}/${repo}`, { as: "harness" });
        return json(200, {
          state,
          statuses,
          sha,
          total_count: statuses.length,
          repository: repository.json,
          commit_url: `${c.state.baseUrl}/repos/${owner}/${repo}/commits/${sha}`,
          url: `${c.state.baseUrl}/repos/${owner}/${repo}/commits/${sha}/status`,
        });
      },
    },
  ];
}

let nextStatusId = 1;
const statusStore = new WeakMap<ShimState, Map<string, Json[]>>();

function statusesOf(state: ShimState, owner: string, repo: string, sha: string): Json[] {
  let byCommit = statusStore.get(state);
  if (!byCommit) statusStore.set(state, (byCommit = new Map()));
  const key = `${owner}/${repo}@${sha}`.toLowerCase();
  let list = byCommit.get(key);
  if (!list) byCommit.set(key, (list = []));
  return list;
}

type Files = Map<string, { sha: string; mode: string }>;

/** A file-level three-way merge of `head` into `base` from their merge base: who changed what, by blob. */
async function threeWay(c: ShimContext, owner: string, repo: string, base: string, head: string): Promise<{ files: Files; conflicts: string[] }> {
  const compare = await c.internal("GET", `/repos/${owner}/${repo}/compare/${base}...${head}`, { as: "harness" });
  const mergeBase = String(compare.json.merge_base_commit.sha);
  const [ancestor, theirs, ours] = await Promise.all([mergeBase, base, head].map((sha) => filesOf(c, owner, repo, sha)));
  const files: Files = new Map();
  const conflicts: string[] = [];
  for (const path of new Set([...ancestor!.keys(), ...theirs!.keys(), ...ours!.keys()])) {
    const [a, t, o] = [ancestor!.get(path), theirs!.get(path), ours!.get(path)];
    const pick = same(o, t) || same(o, a) ? t : same(t, a) ? o : "conflict";
    if (pick === "conflict") conflicts.push(path);
    else if (pick) files.set(path, pick);
  }
  return { files, conflicts: conflicts.sort() };
}

function same(a: { sha: string } | undefined, b: { sha: string } | undefined): boolean {
  return a?.sha === b?.sha;
}

async function filesOf(c: ShimContext, owner: string, repo: string, sha: string): Promise<Files> {
  const commit = await c.internal("GET", `/repos/${owner}/${repo}/git/commits/${sha}`, { as: "harness" });
  const tree = await c.internal("GET", `/repos/${owner}/${repo}/git/trees/${commit.json.tree.sha}?recursive=1`, { as: "harness" });
  const files: Files = new Map();
  for (const entry of tree.json.tree as { path: string; type: string; sha: string; mode: string }[]) {
    if (entry.type === "blob") files.set(entry.path, { sha: entry.sha, mode: entry.mode });
  }
  return files;
}

async function writeTree(c: ShimContext, owner: string, repo: string, files: Files): Promise<string> {
  const tree = [...files].map(([path, f]) => ({ path, mode: f.mode, type: "blob", sha: f.sha }));
  const created = await c.internal("POST", `/repos/${owner}/${repo}/git/trees`, { body: { tree } });
  return String(created.json.sha);
}

async function branchSha(c: ShimContext, owner: string, repo: string, branch: string): Promise<string | null> {
  const ref = await c.internal("GET", `/repos/${owner}/${repo}/git/ref/heads/${refPath(branch)}`, { as: "harness" });
  return ref.status === 200 ? String(ref.json.object.sha) : null;
}

function refPath(name: string): string {
  return name.split("/").map(encodeURIComponent).join("/");
}

function unprocessable(message: string): Response {
  return json(422, { message, documentation_url: `${DOCS}/pulls/pulls#update-a-pull-request-branch`, status: "422" });
}

/** The head each PR was merged at: GitHub keeps showing it on a merged PR, whatever is pushed to the branch later. */
const merged = new WeakMap<ShimState, Map<string, string>>();

function mergedHeads(state: ShimState): Map<string, string> {
  let found = merged.get(state);
  if (!found) merged.set(state, (found = new Map()));
  return found;
}

function pullKey(owner: string, repo: string, number: string | number): string {
  return `${owner}/${repo}#${number}`.toLowerCase();
}

function withMergedHead<T extends { number?: unknown; head: { sha: string } }>(state: ShimState, owner: string, repo: string, pr: T): T {
  const head = mergedHeads(state).get(pullKey(owner, repo, String(pr.number)));
  return head ? { ...pr, head: { ...pr.head, sha: head } } : pr;
}
