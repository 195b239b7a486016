/** Running `git` for the test harness: argument arrays only, optional stdin, output as text or bytes. */
import { spawn } from "node:child_process";

export interface GitRun {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export function gitRaw(cwd: string, args: readonly string[], options: { input?: Buffer | string; env?: NodeJS.ProcessEnv } = {}): Promise<GitRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...args], { cwd, env: options.env ?? { ...process.env, GIT_TERMINAL_PROMPT: "0" }, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }));
    if (child.stdin) {
      child.stdin.on("error", () => undefined); // git may exit before reading all of it; its exit code tells
      child.stdin.end(options.input);
    }
  });
}

/** Runs git and returns its trimmed output; throws with git's message on a non-zero exit. */
export async function git(cwd: string, args: readonly string[], options: { input?: Buffer | string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const run = await gitRaw(cwd, args, options);
  if (run.code !== 0) throw new Error(`git ${args.join(" ")} (in ${cwd}) failed: ${run.stderr.trim()}`);
  return run.stdout.toString("utf8").trim();
}
