/**
 * Which state commits count. Anyone with push access can point `refs/switchyard/…` at a commit of their own
 * (`git push X:refs/switchyard/tasks/7`), so a state counts only when GitHub vouches that the app wrote it:
 *
 * - GitHub signs the commits an app creates through the API with its installation token (no custom author or
 *   committer), and reports them `verified`, authored by the app's bot (`<id>+<slug>[bot]@users.noreply.github.com`).
 * - A commit pushed with git is unsigned, or signed by the pusher's own key, which GitHub checks against the
 *   *committer's* email: so a verified commit must also be committed by GitHub itself or by the same bot. Claiming the
 *   bot as author of an unsigned commit, or of one signed by someone else, earns nothing.
 * - Another app's (or GitHub Actions') verified commit is authored by another bot: not ours.
 * - The app's commits name the refs they were written for (one `switchyard-ref:` line each), so one task's state
 *   cannot be replayed on another task's ref; states written before that line existed are accepted without it.
 *
 * The facts come from REST's git commit (`verification.verified`, `author.email`, `committer.email`) or from GraphQL's
 * `Commit` (`signature.isValid`, `author.email`, `committer.email`): both readers build the same `StateCommitFacts`.
 */

export interface StateCommitFacts {
  /** REST `verification.verified`, GraphQL `signature.isValid`. */
  readonly verified: boolean;
  readonly authorEmail: string;
  readonly committerEmail: string;
  readonly message: string;
}

/** A state ref whose head the app did not write: its sha (what the next compare-and-swap starts from) and who it claims to be by. */
export interface ForgedState {
  readonly sha: string;
  /** The author name the commit gives: the pusher's own words, to be neutralised when echoed. */
  readonly by: string;
}

/** GitHub's committer on the commits it creates and signs itself (web-flow). */
const GITHUB_COMMITTER = "noreply@github.com";
const REF_LINE = "switchyard-ref: ";

/** The line every state commit carries, naming the ref it was written for. */
export function refLine(ref: string): string {
  return `${REF_LINE}${ref}`;
}

/** `<id>+<login>@users.noreply.github.com` → `<login>` (lower-cased); `null` for any other address. */
export function noreplyLogin(email: string): string | null {
  const match = /^(?:\d+\+)?([^@\s]+)@users\.noreply\.github\.com$/i.exec(email.trim());
  return match ? match[1]!.toLowerCase() : null;
}

/** Whether a commit on the state ref `ref` (without `refs/`) was written by the app whose login is `botLogin`. */
export function isAppWritten(facts: StateCommitFacts, app: { readonly botLogin: string; readonly ref: string }): boolean {
  const bot = app.botLogin.toLowerCase();
  if (!facts.verified || noreplyLogin(facts.authorEmail) !== bot) return false;
  const committer = facts.committerEmail.trim().toLowerCase();
  if (committer !== GITHUB_COMMITTER && noreplyLogin(committer) !== bot) return false;
  return namesRef(facts.message, app.ref);
}

/** Whether a state commit's message allows it on `ref`: one commit may be published on several refs, it names each. */
export function namesRef(message: string, ref: string): boolean {
  const named = message.split("\n").filter((line) => line.startsWith(REF_LINE));
  return named.length === 0 || named.includes(refLine(ref));
}

/** A state's message with the ref lines of the refs it is published on (the nonce comes after, see `cas-ref.ts`). */
export function withRefLines(message: string, refs: readonly string[]): string {
  return [message, ...refs.map(refLine)].join("\n");
}
