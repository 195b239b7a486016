/**
 * Track branch names: `<branchPrefix><login>/<N>-<slug>`.
 *
 * Everything here is pure and ASCII-only: issue titles and logins are user text, so they are reduced to
 * `[a-z0-9-]` before they reach a ref name, and the result is checked against git's own ref rules.
 */

const MAX_SLUG = 40;

/** An ASCII slug of at most 40 characters; never empty. */
export function slugify(title: string): string {
  const ascii = title.normalize("NFKD").toLowerCase();
  let out = "";
  let dash = false;
  for (const ch of ascii) {
    const code = ch.charCodeAt(0);
    const keep = ch.length === 1 && ((code >= 97 && code <= 122) || (code >= 48 && code <= 57));
    if (keep) {
      if (dash && out.length > 0) out += "-";
      out += ch;
      dash = false;
    } else if (code < 0x300 || code > 0x36f) {
      // Combining marks (U+0300–U+036F) are what NFKD split off accented letters: drop them silently
      // so "café" becomes "cafe", not "caf-e".
      dash = true;
    }
    if (out.length >= MAX_SLUG) break;
  }
  out = out.slice(0, MAX_SLUG).replace(/-+$/, "");
  return out.length > 0 ? out : "task";
}

/** A login as a ref component: `Some-Agent[bot]` → `some-agent-bot`. */
export function loginComponent(login: string): string {
  const slug = slugify(login.replace(/\[bot\]$/i, "-bot"));
  return slug;
}

export function trackBranchName(prefix: string, login: string, task: number, title: string): string {
  return `${prefix}${loginComponent(login)}/${task}-${slugify(title)}`;
}

/**
 * Reads the task number back from a track branch name, or `null` when the branch is not a track branch.
 * Used to find the task behind a pull request.
 */
export function taskFromBranch(prefix: string, branch: string): number | null {
  if (!branch.startsWith(prefix)) return null;
  const rest = branch.slice(prefix.length);
  const slash = rest.indexOf("/");
  if (slash <= 0) return null;
  const tail = rest.slice(slash + 1);
  let digits = "";
  for (const ch of tail) {
    if (ch >= "0" && ch <= "9") digits += ch;
    else break;
  }
  if (digits.length === 0 || digits.length > 9 || (tail.length > digits.length && tail[digits.length] !== "-")) return null;
  return Number(digits);
}

/** git check-ref-format for a branch name (the rules of `git check-ref-format --branch`). */
export function isValidBranchName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (name.startsWith("-") || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")) return false;
  if (name.includes("..") || name.includes("//") || name.includes("@{") || name === "@") return false;
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || " ~^:?*[\\".includes(ch)) return false;
  }
  return name.split("/").every((part) => part.length > 0 && !part.startsWith(".") && !part.endsWith(".lock"));
}
