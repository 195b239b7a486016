import type { Op } from "../core/ops.js";
import { summarizeStatus, type StatusInput } from "../core/status.js";
import type { RepositoryCommand } from "./command.js";

export const status: RepositoryCommand = {
  scope: "repository",
  name: "status",
  where: "anywhere",
  who: "reader",
  takesText: false,
  usage: "`/status`: progress, the active tracks and the merge queue (anyone who can read the repository)",
  decide: (input: StatusInput, replyTo: number): Op[] => [{ kind: "reply", issue: replyTo, message: { kind: "status", report: summarizeStatus(input) } }],
};
