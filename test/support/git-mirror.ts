/**
 * Keeps a real bare git repository and the emulated GitHub in step, object for object. emulate stores real git
 * objects (its blob, tree and commit SHAs are git's), so a commit copied either way keeps its SHA, and a clone of the
 * bare repository sees exactly the branches GitHub shows:
 * - `pullFromGitHub`: every branch on GitHub, with the commits, trees and blobs it needs, into the bare repository;
 *   branches GitHub no longer has are deleted (the merge queue deletes merged tracks).
 * - `pushToGitHub`: the branches a `git push` changed, with their new commits, onto GitHub through its git data API
 *   (blobs, trees, commits, then the ref), as the branch's agent when the branch is a track (`agent/<login>/…`).
 * Any SHA that comes out different fails loudly: the mirror never guesses.
 */
import type { ShimState } from "./shim-state.js";
import { git, gitRaw } from "./git-process.js";

export interface RefUpdate {
  readonly ref: string;
  /** The new SHA, or `null` when the push deleted the branch. */
  readonly sha: string | null;
}

interface ApiCommit {
  readonly sha: string;
  readonly message: string;
  readonly tree: { readonly sha: string };
  readonly parents: readonly { readonly sha: string }[];
  readonly author: Identity;
  readonly committer: Identity;
}
interface Identity {
  readonly name: string;
  readonly email: string;
  readonly date: string;
}

export class GitMirror {
  private readonly repoPath: string;

  constructor(
    private readonly state: ShimState,
    repo: { owner: string; repo: string },
    readonly bareDir: string,
    /** Who writes a branch to GitHub: `Authorization` header value. */
    private readonly authorizationFor: (branch: string) => string | undefined,
  ) {
    this.repoPath = `/repos/${repo.owner}/${repo.repo}`;
  }

  /** The bare repository's branches become GitHub's: only what changed is copied, and the refs move in one go. */
  async pullFromGitHub(): Promise<void> {
    const [remote, local] = await Promise.all([this.githubBranches(), this.localBranches()]);
    let commands = "";
    for (const [branch, sha] of remote) {
      if (local.get(branch) === sha) continue;
      await this.copyCommitDown(sha);
      commands += `update refs/heads/${branch} ${sha}\n`;
    }
    for (const branch of local.keys()) if (!remote.has(branch)) commands += `delete refs/heads/${branch}\n`;
    if (commands !== "") await git(this.bareDir, ["update-ref", "--stdin"], { input: commands });
  }

  /** The bare repository's branches, by name. */
  async localBranches(): Promise<Map<string, string>> {
    const out = await git(this.bareDir, ["for-each-ref", "--format=%(refname:strip=2) %(objectname)", "refs/heads/"]);
    return new Map(out.split("\n").filter(Boolean).map((line) => line.split(" ") as [string, string]));
  }

  /** Branches a push changed (or deleted), onto GitHub. */
  async pushToGitHub(updates: readonly RefUpdate[]): Promise<void> {
    for (const update of updates) {
      const branch = update.ref.replace(/^refs\/heads\//, "");
      const auth = this.authorizationFor(branch);
      if (update.sha === null) {
        await this.api("DELETE", `/git/refs/heads/${branch}`, undefined, auth, [204, 422]);
        continue;
      }
      // Commits GitHub's branches already have need no copy; branches made on GitHub since the last pull are not here.
      const known: string[] = [];
      for (const sha of (await this.githubBranches()).values()) if (await this.has(sha)) known.push(sha);
      const missing = (await git(this.bareDir, ["rev-list", "--reverse", "--topo-order", update.sha, "--not", ...known])).split("\n").filter(Boolean);
      for (const sha of missing) await this.copyCommitUp(sha, auth);
      const exists = (await this.state.internal("GET", `${this.repoPath}/git/ref/heads/${branch}`, { authorization: this.state.harnessAuthorization() })).status === 200;
      if (exists) await this.api("PATCH", `/git/refs/heads/${branch}`, { sha: update.sha, force: true }, auth);
      else await this.api("POST", "/git/refs", { ref: `refs/heads/${branch}`, sha: update.sha }, auth);
    }
  }

  private async githubBranches(): Promise<Map<string, string>> {
    const refs = await this.api("GET", "/git/matching-refs/heads", undefined, this.state.harnessAuthorization());
    return new Map((refs as { ref: string; object: { sha: string } }[]).map((r) => [r.ref.replace(/^refs\/heads\//, ""), r.object.sha]));
  }

  private async has(sha: string): Promise<boolean> {
    return (await gitRaw(this.bareDir, ["cat-file", "-e", sha])).code === 0;
  }

  private async copyCommitDown(head: string): Promise<void> {
    const pending = [head];
    const order: ApiCommit[] = [];
    const seen = new Set<string>();
    while (pending.length > 0) {
      const sha = pending.pop()!;
      if (seen.has(sha) || (await this.has(sha))) continue;
      seen.add(sha);
      const commit = (await this.api("GET", `/git/commits/${sha}`)) as ApiCommit;
      order.push(commit);
      pending.push(...commit.parents.map((p) => p.sha));
    }
    // git writes a commit object without looking for its parents, so the order does not matter.
    for (const commit of order) {
      await this.copyTreeDown(commit.tree.sha);
      const content = commitContent(commit.tree.sha, commit.parents.map((p) => p.sha), commit.author, commit.committer, commit.message);
      this.same("commit", commit.sha, await git(this.bareDir, ["hash-object", "-t", "commit", "-w", "--stdin"], { input: content }));
    }
  }

  /** One tree with everything under it: one listing, the blobs this repository lacks, then the missing trees deepest first. */
  private async copyTreeDown(sha: string): Promise<void> {
    if (await this.has(sha)) return;
    const { tree: entries } = (await this.api("GET", `/git/trees/${sha}?recursive=1`)) as { tree: { path: string; mode: string; type: string; sha: string }[] };
    const unsupported = entries.find((e) => e.type !== "blob" && e.type !== "tree");
    if (unsupported) throw new Error(`git mirror: ${unsupported.type} entries (${unsupported.path}) are not supported`);
    const present = await this.present(entries.map((e) => e.sha));
    for (const blob of entries.filter((e) => e.type === "blob" && !present.has(e.sha))) {
      const { content } = (await this.api("GET", `/git/blobs/${blob.sha}`)) as { content: string };
      this.same("blob", blob.sha, await git(this.bareDir, ["hash-object", "-t", "blob", "-w", "--stdin"], { input: Buffer.from(content, "base64") }));
      present.add(blob.sha);
    }
    const dirs = [...entries.filter((e) => e.type === "tree" && !present.has(e.sha)), { path: "", sha, mode: "040000", type: "tree" }];
    dirs.sort((a, b) => b.path.split("/").length - a.path.split("/").length || b.path.length - a.path.length);
    for (const dir of dirs) {
      const prefix = dir.path === "" ? "" : `${dir.path}/`;
      const children = entries.filter((e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/") && e.path !== dir.path);
      const listing = children.map((e) => `${e.mode} ${e.type} ${e.sha}\t${e.path.slice(prefix.length)}\n`).join("");
      this.same("tree", dir.sha, await git(this.bareDir, ["mktree"], { input: listing }));
    }
  }

  /** Which of these objects the bare repository has, in one `git cat-file --batch-check`. */
  private async present(shas: readonly string[]): Promise<Set<string>> {
    if (shas.length === 0) return new Set();
    const out = await git(this.bareDir, ["cat-file", "--batch-check=%(objectname) %(objecttype)"], { input: `${shas.join("\n")}\n` });
    return new Set(out.split("\n").filter((line) => !line.endsWith(" missing")).map((line) => line.split(" ")[0]!));
  }

  private async copyCommitUp(sha: string, auth: string | undefined): Promise<void> {
    const raw = (await gitRaw(this.bareDir, ["cat-file", "commit", sha])).stdout.toString("utf8");
    const commit = parseCommit(raw);
    const files = (await git(this.bareDir, ["ls-tree", "-r", "-z", "--full-tree", commit.tree])).split("\0").filter(Boolean);
    const entries = [];
    for (const line of files) {
      const [meta, path] = line.split("\t") as [string, string];
      const [mode, type, blob] = meta.split(" ") as [string, string, string];
      if (type !== "blob") throw new Error(`git mirror: ${type} entries (${path}) are not supported`);
      const content = (await gitRaw(this.bareDir, ["cat-file", "blob", blob])).stdout.toString("base64");
      await this.api("POST", "/git/blobs", { content, encoding: "base64" }, auth);
      entries.push({ path, mode, type, sha: blob });
    }
    const tree = (await this.api("POST", "/git/trees", { tree: entries }, auth)) as { sha: string };
    this.same("tree", commit.tree, tree.sha);
    // GitHub shows messages without git's final newline; emulate adds it back when hashing, so the SHA holds.
    const made = (await this.api("POST", "/git/commits", { message: commit.message.replace(/\n$/, ""), tree: commit.tree, parents: commit.parents, author: commit.author, committer: commit.committer }, auth)) as { sha: string };
    this.same("commit", sha, made.sha);
  }

  private async api(method: string, path: string, body?: unknown, authorization = this.state.harnessAuthorization(), ok: readonly number[] = []): Promise<unknown> {
    const response = await this.state.internal(method, `${this.repoPath}${path}`, { body, authorization });
    if (response.status >= 300 && !ok.includes(response.status)) throw new Error(`git mirror: ${method} ${path} answered ${response.status} ${response.text}`);
    return response.json;
  }

  private same(kind: string, expected: string, got: string): void {
    if (expected !== got) throw new Error(`git mirror: the ${kind} ${expected} came out as ${got} on the other side`);
  }
}

/** A commit object's bytes as git (and emulate) hash them. */
function commitContent(tree: string, parents: readonly string[], author: Identity, committer: Identity, message: string): string {
  const lines = [`tree ${tree}`, ...parents.map((p) => `parent ${p}`), `author ${author.name} <${author.email}> ${gitDate(author.date)}`, `committer ${committer.name} <${committer.email}> ${gitDate(committer.date)}`];
  return `${lines.join("\n")}\n\n${message.endsWith("\n") ? message : `${message}\n`}`;
}

/** `2024-05-01T10:00:00+02:00` → `1714550400 +0200` (emulate's rule: the offset written in the date, else +0000). */
function gitDate(iso: string): string {
  const zone = /(Z|([+-])(\d{2}):?(\d{2}))$/i.exec(iso);
  const offset = !zone || zone[1]!.toUpperCase() === "Z" ? "+0000" : `${zone[2]}${zone[3]}${zone[4]}`;
  return `${Math.floor(Date.parse(iso) / 1000)} ${offset}`;
}

/** A raw commit object, read for the git data API: identities with ISO dates that keep their offset. */
function parseCommit(raw: string): { tree: string; parents: string[]; author: Identity; committer: Identity; message: string } {
  const split = raw.indexOf("\n\n");
  const headers = raw.slice(0, split).split("\n");
  const value = (name: string) => headers.filter((h) => h.startsWith(`${name} `)).map((h) => h.slice(name.length + 1));
  if (headers.some((h) => /^(gpgsig|encoding|mergetag) /.test(h))) throw new Error("git mirror: signed or re-encoded commits are not supported");
  return { tree: value("tree")[0]!, parents: value("parent"), author: identity(value("author")[0]!), committer: identity(value("committer")[0]!), message: raw.slice(split + 2) };
}

function identity(line: string): Identity {
  const match = /^(.*) <([^>]*)> (\d+) ([+-])(\d{2})(\d{2})$/.exec(line);
  if (!match) throw new Error(`git mirror: cannot read the identity '${line}'`);
  const [, name, email, seconds, sign, hours, minutes] = match as unknown as [string, string, string, string, string, string, string];
  const offsetMs = (sign === "-" ? -1 : 1) * (Number(hours) * 60 + Number(minutes)) * 60_000;
  const local = new Date(Number(seconds) * 1000 + offsetMs).toISOString().replace(/\.\d{3}Z$/, "");
  return { name, email, date: `${local}${sign}${hours}:${minutes}` };
}
