import type { ConfigReader } from "../../config/load-config.js";
import type { ApplyLog } from "../../github/apply/apply-ops.js";
import type { GitHub, Repo } from "../../github/octokit.js";
import type { OutsiderRefusals } from "./outsiders.js";

/** A newly created comment that may carry a command, with what the command flow needs to act on it. */
export interface CommentEvent {
  readonly github: GitHub;
  readonly repo: Repo;
  readonly defaultBranch: string;
  /** `byBot`: written by a GitHub App (`name[bot]`): a command only when `agents.allow` lists it, never the app's own. */
  readonly comment: { readonly id: number; readonly body: string; readonly author: string; readonly authorNodeId?: string; readonly byBot: boolean; readonly createdAt: string };
  /** The issue or pull request the comment was made on. */
  readonly on: { readonly number: number; readonly isPullRequest: boolean };
  readonly configReader: ConfigReader;
  readonly log: ApplyLog & { error(message: string): void };
  readonly now: () => Date;
  /** The app's own login, to find its earlier notices. */
  readonly botLogin: () => Promise<string>;
  /** Issues that refused an outsider lately (this process's memory). */
  readonly outsiders: OutsiderRefusals;
}
