import { isAppWritten, type ForgedState, type StateCommitFacts } from "../../core/state-trust.js";
import type { GitHub, Repo } from "../octokit.js";
import { appBotLogin } from "./app-identity.js";

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
const MAX_WALK = 20;
/** GitHub could not check the signature now: not a forgery, just not known yet (asked again on the next read). */
const UNKNOWN = new Set(["gpgverify_unavailable", "gpgverify_error"]);

/**
 * The one trust check of Switchyard's state (see `core/state-trust.ts`): the commit at `sha` on the state ref `ref`
 * (without `refs/`) if the app wrote it, otherwise its nearest ancestor the app wrote, with the forgery noted.
 */
export async function trustedState(github: GitHub, repo: Repo, ref: string, sha: string): Promise<TrustedState> {
  const botLogin = await appBotLogin(github);
  const head = await commitAt(github, repo, sha);
  if (isAppWritten(head.facts, { botLogin, ref })) return { sha, tree: head.tree, message: head.facts.message, parent: head.parent, forged: null };
  const forged: ForgedState = { sha, by: head.authorName };
  let next = head.parent;
  for (let step = 0; next !== null && step < MAX_WALK; step++) {
    const commit = await commitAt(github, repo, next);
    if (isAppWritten(commit.facts, { botLogin, ref })) return { sha, tree: commit.tree, message: commit.facts.message, parent: commit.parent, forged };
    next = commit.parent;
  }
  return { sha, tree: head.tree, message: null, parent: null, forged };
}

async function commitAt(github: GitHub, repo: Repo, sha: string) {
  const { data } = await github.rest.git.getCommit({ ...repo, commit_sha: sha });
  const reason = data.verification?.reason ?? "unsigned";
  if (UNKNOWN.has(reason)) throw new Error(`GitHub could not verify the state commit ${sha.slice(0, 7)} now (${reason}); it is read again later`);
  const facts: StateCommitFacts = {
    verified: data.verification?.verified === true,
    authorEmail: data.author.email,
    committerEmail: data.committer.email,
    message: data.message,
  };
  return { facts, tree: data.tree.sha, parent: data.parents[0]?.sha ?? null, authorName: data.author.name };
}
