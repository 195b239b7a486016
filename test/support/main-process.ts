/**
 * `npm start` as a user runs it: a child process with only the environment given (never the test's own), in a
 * directory of its own so no `.env` of the developer's checkout is read. Either the entry from source (through
 * tsx, quick) or the real `npm start` (its `prestart` builds `lib/` first) in a copy of the project.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface MainProcess {
  /** Everything printed so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process ended. */
  readonly exited: Promise<number | null>;
  /** Resolves when the output contains `text`; rejects if the process ends first or after `timeoutMs`. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A scratch directory for one process: removed by `remove`. */
export function scratchDir(files: Readonly<Record<string, string>> = {}): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "switchyard-main-"));
  for (const [name, from] of Object.entries(files)) cpSync(join(ROOT, from), join(path, name), { recursive: true });
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A copy of what `npm start` needs (package.json, tsconfig, src, app.yml), with the installed node_modules linked in. */
export function projectCopy(): { path: string; remove(): void } {
  const dir = scratchDir({ "package.json": "package.json", "tsconfig.json": "tsconfig.json", src: "src", "app.yml": "app.yml" });
  symlinkSync(join(ROOT, "node_modules"), join(dir.path, "node_modules"), "dir");
  return dir;
}

/** The user's environment: nothing of the test's, only a PATH and HOME for node and npm. */
export function userEnv(vars: Readonly<Record<string, string>>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...vars };
}

/** `node src/main.ts` (through tsx) in `cwd`. */
export function startMainFromSource(cwd: string, env: Readonly<Record<string, string>>): MainProcess {
  // tsx's loader (its package export "."), by path: the child's cwd has no node_modules to resolve "tsx" from.
  const tsx = pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
  return watch(spawn(process.execPath, ["--import", tsx, join(ROOT, "src/main.ts")], { cwd, env: userEnv(env), detached: true }));
}

/** `npm start` in `cwd` (a `projectCopy`). */
export function npmStart(cwd: string, env: Readonly<Record<string, string>>): MainProcess {
  const npmCli = process.env.npm_execpath;
  const options = { cwd, env: userEnv(env), detached: true };
  const child = npmCli && /npm-cli\.js$/.test(npmCli) ? spawn(process.execPath, [npmCli, "start"], options) : spawn("npm", ["start"], options);
  return watch(child);
}

/** The child is started `detached` (its own process group), so `stop` reaches everything it started. */
function watch(child: ChildProcess): MainProcess {
  const chunks: { stream: "out" | "err"; text: string }[] = [];
  const listeners = new Set<() => void>();
  const note = (stream: "out" | "err") => (data: Buffer) => {
    chunks.push({ stream, text: data.toString("utf8") });
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", note("out"));
  child.stderr!.on("data", note("err"));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const output = (stream?: "out" | "err") => chunks.filter((c) => !stream || c.stream === stream).map((c) => c.text).join("");
  return {
    output: () => output(),
    stdout: () => output("out"),
    stderr: () => output("err"),
    exited,
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!output().includes(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => fail(`no "${text}" within ${timeoutMs} ms`), timeoutMs);
        const fail = (why: string) => {
          cleanup();
          reject(new Error(`${why}; output so far:\n${output()}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        exited.then((code) => fail(`the process exited (${code}) before printing "${text}"`));
        check();
      }),
    async stop() {
      // The whole group: `npm start` runs node under npm (and sh). Detached, so the group is the child's own.
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // ESRCH: the group has already ended.
      }
      await exited;
    },
  };
}
