/** `switchyard help`: the commands, the options and the exit codes. */
import { EXIT_CODES } from "./outcome.js";
import { DEFAULT_WAIT_S } from "./args.js";

export const HELP = `switchyard: take and finish Switchyard tasks from a clone of the repository.

Usage: switchyard <command> [options]

  tasks              the claimable tasks, best first, and why the others are not claimable
  claim [N]          claim task N, or the best claimable task (falling through to the next on a refusal),
                     then fetch its branch into a sibling worktree ../<repo>-<N>
  done               inside a track's worktree: mark its pull request ready for review
                     (refused while anything there is uncommitted or unpushed)
  release            give the task back (its branch and pull request are kept)
  fail [reason]      give the task up, counting a failure
  status             the progress line and the active tracks
  clean              remove worktrees of merged or released tracks (never one with unpushed work)
  mcp                the same as tools of a Model Context Protocol server on stdio

Options:
  --json             print one JSON object on stdout (every command)
  --wait <seconds>   how long to wait for Switchyard's answer (default ${DEFAULT_WAIT_S})
  --task <N>         done, release, fail: the task, when not run inside its worktree
  --tries <n>        claim without N: how many tasks to try at most (default 5)

Environment: GH_TOKEN or GITHUB_TOKEN (else \`gh auth token\`); GITHUB_API_URL (default https://api.github.com).
The repository is the one \`origin\` points to.

Exit codes: ${EXIT_CODES.ok} done · ${EXIT_CODES.error} error · ${EXIT_CODES.badInput} bad input or state, nothing changed · ${EXIT_CODES.refused} refused by Switchyard · ${EXIT_CODES.timedOut} no answer within the wait · ${EXIT_CODES.nothingToClaim} nothing to claim now`;
