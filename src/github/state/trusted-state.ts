import { isAppWritten, namesRef, type ForgedState } from "../../core/state-trust.js";
import type { GitHub, Repo } from "../octokit.js";
import { appBotLogin } from "./app-identity.js";

/** Who GitHub says wrote a commit: what the trust rule (`core/state-trust.ts`) needs besides the message. */
export interface Authorship {
  /** REST `verification.verified`, GraphQL `signature.isValid`. */
  readonly verified: boolean;
  readonly authorEmail: string;
  readonly committerEmail: string;
  /** The author name the commit gives: the pusher's own words when forged, neutralised when echoed. */
  readonly authorName: string;
}

/** A state commit (a lock's, a lease's) as its readers need it: the message holds the state. */
export interface StateCommit {
  readonly message: string;
  readonly tree: string;
  /** The first parent: the state before this one. */
  readonly parent: string | null;
  /** As GitHub reports it; `null` for a commit this process wrote itself, trusted by construction on the refs it names. */
  readonly authorship: Authorship | null;
}

/**
 * A state ref as Switchyard trusts it: `sha` is where the ref is (every compare-and-swap starts from there), and
 * `message` the last state the app wrote on it, `null` when there is none to be found (then the state is free/idle).
 */
export interface TrustedState {
  readonly sha: string;
  readonly tree: string;
  readonly message: string | null;
  /** The parent of the commit `message` comes from: the state before it. */
  readonly parent: string | null;
  /** Set when the ref's head is not the app's: the forgery to report and repair. */
  readonly forged: ForgedState | null;
}

/** How far back a forged head is followed to the last state the app wrote; past it, the state is free. */
export const MAX_WALK = 20;
/** GitHub could not check the signature now: not a forgery, just not known yet (asked again on the next read). */
const UNKNOWN = new Set(["gpgverify_unavailable", "gpgverify_error"]);

/**
 * The one trust check of Switchyard's state (see `core/state-trust.ts`): the commit at `sha` on the state ref `ref`
 * (without `refs/`) if the app wrote it, otherwise its nearest ancestor the app wrote (at most `maxWalk` back), with
 * the forgery noted. `read` gives a commit (from a cache, or REST). A claim's first lock commit sits on the default
 * branch's head: the walk only reaches that history when the first lock commit itself is not the app's, and a commit
 * there that is not a lock state reads as free.
 */
export async function trustedState(github: GitHub, ref: string, sha: string, read: (sha: string) => Promise<StateCommit>, maxWalk = MAX_WALK): Promise<TrustedState> {
  const head = await read(sha);
  if (await isOurs(github, head, ref)) return { sha, tree: head.tree, message: head.message, parent: head.parent, forged: null };
  const forged: ForgedState = { sha, by: head.authorship?.authorName ?? "" };
  let next = head.parent;
  for (let step = 0; next !== null && step < maxWalk; step++) {
    const commit = await read(next);
    if (await isOurs(github, commit, ref)) return { sha, tree: commit.tree, message: commit.message, parent: commit.parent, forged };
    next = commit.parent;
  }
  return { sha, tree: head.tree, message: null, parent: null, forged };
}

async function isOurs(github: GitHub, commit: StateCommit, ref: string): Promise<boolean> {
  // Written by this process: it is the app's; the ref lines still tie it to the refs it was published on.
  if (commit.authorship === null) return namesRef(commit.message, ref);
  return isAppWritten({ ...commit.authorship, message: commit.message }, { botLogin: await appBotLogin(github), ref });
}

/** One commit by REST, with what GitHub says about who wrote it. */
export async function readCommit(github: GitHub, repo: Repo, sha: string): Promise<StateCommit> {
  const { data } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  const reason = data.verification?.reason ?? "unsigned";
  if (UNKNOWN.has(reason)) throw new Error(`GitHub could not verify the state commit ${sha.slice(0, 7)} now (${reason}); it is read again later`);
  const authorship: Authorship = {
    verified: data.verification?.verified === true,
    authorEmail: data.author.email,
    committerEmail: data.committer.email,
    authorName: data.author.name,
  };
  return { message: data.message, tree: data.tree.sha, parent: data.parents[0]?.sha ?? null, authorship };
}
