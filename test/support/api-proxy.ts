/**
 * The emulated GitHub's API for programs that are not in this process (the `switchyard` CLI run as a child, the MCP
 * server) or that bring their own HTTP client (the CLI's `@octokit/rest`): an HTTP front on 127.0.0.1 whose every
 * request goes through the same shimmed, validating fetch as the test users' clients (`github-fetch.ts`), so the
 * CLI's requests are checked against GitHub's OpenAPI description and recorded in `gh.clientRecorder`.
 * Point `GITHUB_API_URL` at `url`.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { EmulatedGitHub } from "./emulated-github.js";
import { createGitHubFetch } from "./github-fetch.js";

export interface ApiProxy {
  readonly url: string;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive", "accept-encoding"]);

export async function startApiProxy(gh: EmulatedGitHub): Promise<ApiProxy> {
  const shimmed = createGitHubFetch({ baseUrl: gh.url, recorder: gh.clientRecorder, state: gh.state });
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(name) && typeof value === "string") headers.set(name, value);
      }
      const method = req.method ?? "GET";
      const response = await shimmed(`${gh.url}${req.url ?? "/"}`, { method, headers, ...(body.length > 0 && method !== "GET" && method !== "HEAD" ? { body: body.toString("utf8") } : {}) });
      const out = Buffer.from(await response.arrayBuffer());
      const answer: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name) && name !== "content-encoding") answer[name] = value;
      });
      res.writeHead(response.status, answer);
      res.end(out);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ message: `api proxy: ${error instanceof Error ? error.message : String(error)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the API proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
