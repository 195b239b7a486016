/**
 * THE git shim: the emulated GitHub serves no git protocol, so agents' clones use a real bare repository as their
 * `origin`, served over HTTP by git itself (`git http-backend`, smart HTTP) on 127.0.0.1, and kept in step with the
 * emulated GitHub by `GitMirror`:
 * - before every fetch, clone or push (the `info/refs` request that starts each), the bare repository takes every
 *   branch from GitHub, so a branch the app just made through the API can be fetched at once;
 * - after every push, the branches it changed go to GitHub (through its git data API, as the track's agent), before
 *   `git push` returns, so GitHub shows the pushed commits as soon as the agent's push is done.
 * Commit SHAs are the same on both sides. Requests are handled one at a time. `url` is the clone URL
 * (`http://127.0.0.1:<port>/<owner>/<repo>.git`), from which the CLI reads the repository like from github.com.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EmulatedGitHub } from "./emulated-github.js";
import { git } from "./git-process.js";
import { GitMirror, type RefUpdate } from "./git-mirror.js";

export interface GitServer {
  /** The clone URL. */
  readonly url: string;
  readonly bareDir: string;
  readonly mirror: GitMirror;
  close(): Promise<void>;
}

export async function startGitServer(gh: EmulatedGitHub): Promise<GitServer> {
  const root = await mkdtemp(join(tmpdir(), "switchyard-git-"));
  const bareDir = join(root, gh.owner, `${gh.repo}.git`);
  await mkdir(bareDir, { recursive: true });
  await git(bareDir, ["init", "--quiet", "--bare", `--initial-branch=${gh.defaultBranch}`]);
  await git(bareDir, ["config", "http.receivepack", "true"]);
  const mirror = new GitMirror(gh.state, gh, bareDir, (branch) => authorizationFor(gh, branch));
  await mirror.pullFromGitHub();
  let queue: Promise<unknown> = Promise.resolve();
  const server = createServer((req, res) => {
    const turn = queue.then(() => serve(root, mirror, req, res));
    queue = turn.catch(() => undefined);
    turn.catch((error: unknown) => {
      // git shows only "HTTP 500"; GIT_SHIM_DEBUG=1 prints why.
      if (process.env.GIT_SHIM_DEBUG) console.error("git shim:", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`git shim: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the git server has no port");
  return {
    url: `http://127.0.0.1:${address.port}/${gh.owner}/${gh.repo}.git`,
    bareDir,
    mirror,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A track branch is written as its agent (`agent/<login>/…`, when that user is seeded); anything else as the harness. */
function authorizationFor(gh: EmulatedGitHub, branch: string): string | undefined {
  const login = /^agent\/([^/]+)\//.exec(branch)?.[1];
  const user = gh.users.find((u) => u.login.toLowerCase() === login);
  return user ? `token ${user.token}` : gh.state.harnessAuthorization();
}

async function serve(root: string, mirror: GitMirror, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const body = await readAll(req);
  if (url.pathname.endsWith("/info/refs")) await mirror.pullFromGitHub();
  const pushing = req.method === "POST" && url.pathname.endsWith("/git-receive-pack");
  const before = pushing ? await mirror.localBranches() : undefined;
  const answer = await httpBackend(root, req, url, body);
  if (before) await mirror.pushToGitHub(changes(before, await mirror.localBranches()));
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function changes(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const [branch, sha] of after) if (before.get(branch) !== sha) updates.push({ ref: `refs/heads/${branch}`, sha });
  for (const branch of before.keys()) if (!after.has(branch)) updates.push({ ref: `refs/heads/${branch}`, sha: null });
  return updates;
}

/** One CGI request to `git http-backend`, answered in full. */
function httpBackend(root: string, req: IncomingMessage, url: URL, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    GIT_PROJECT_ROOT: root,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: decodeURIComponent(url.pathname),
    QUERY_STRING: url.search.replace(/^\?/, ""),
    REQUEST_METHOD: req.method ?? "GET",
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    CONTENT_LENGTH: String(body.length),
    REMOTE_ADDR: "127.0.0.1",
    ...(req.headers["content-encoding"] ? { HTTP_CONTENT_ENCODING: String(req.headers["content-encoding"]) } : {}),
    ...(req.headers["git-protocol"] ? { GIT_PROTOCOL: String(req.headers["git-protocol"]) } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const out: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", () => resolve(parseCgi(Buffer.concat(out))));
    child.stdin.on("error", () => undefined); // http-backend may answer without reading the body; its output tells
    child.stdin.end(body);
  });
}

function parseCgi(output: Buffer): { status: number; headers: Record<string, string>; body: Buffer } {
  const crlf = output.indexOf("\r\n\r\n");
  const lf = output.indexOf("\n\n");
  const [end, gap] = crlf >= 0 && (lf < 0 || crlf < lf) ? [crlf, 4] : [lf, 2];
  if (end < 0) return { status: 502, headers: { "content-type": "text/plain" }, body: Buffer.from("git http-backend gave no headers\n") };
  const headers: Record<string, string> = {};
  let status = 200;
  for (const line of output.subarray(0, end).toString("latin1").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number(value.split(" ")[0]) || 500;
    else headers[name] = value;
  }
  return { status, headers, body: output.subarray(end + gap) };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
