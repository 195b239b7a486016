/**
 * Real `git`, always through `execFile` with an argument array: no shell ever sees a branch name, a path or a word
 * from GitHub. Every call names its working directory; the environment is the CLI's (never `process.env` directly,
 * so several agents can run in one process in tests).
 */
import { execFile } from "node:child_process";
import { oneLine } from "../text.js";

export interface GitResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    super(`git ${args[0] ?? ""} failed: ${oneLine(result.stderr || result.stdout, 240) || `exit ${result.code}`}`);
    this.name = "GitError";
  }
}

/** git never waits for a person: no password prompt, and ssh in batch mode unless the agent set its own ssh command. */
function quiet(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return { ...env, GIT_TERMINAL_PROMPT: "0", GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? "ssh -o BatchMode=yes" } as NodeJS.ProcessEnv;
}

export class Git {
  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {}

  /** Runs git in `cwd`; never throws for a non-zero exit (look at `code`), only when git cannot be started. */
  run(cwd: string, args: readonly string[]): Promise<GitResult> {
    return new Promise((resolve, reject) => {
      execFile(
        "git",
        [...args],
        { cwd, env: quiet(this.env), maxBuffer: 32 * 1024 * 1024, encoding: "utf8" },
        (error, stdout, stderr) => {
          const code = error && typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : error ? -1 : 0;
          if (error && code === -1) reject(new Error(`cannot run git: ${oneLine(error.message, 200)}`));
          else resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Runs git and returns its output, trimmed; a non-zero exit throws a `GitError`. */
  async ok(cwd: string, args: readonly string[]): Promise<string> {
    const result = await this.run(cwd, args);
    if (result.code !== 0) throw new GitError(args, result);
    return result.stdout.trim();
  }

  /** Runs git; its trimmed output, or `null` on a non-zero exit. */
  async maybe(cwd: string, args: readonly string[]): Promise<string | null> {
    const result = await this.run(cwd, args);
    return result.code === 0 ? result.stdout.trim() : null;
  }
}
