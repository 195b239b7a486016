import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { limitRequestBodies } from "../../src/startup/body-limit.js";

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server whose handler buffers the whole body, like Probot's webhook route; `buffered` says how much it read. */
async function bufferingServer(limit: number): Promise<{ port: number; buffered: () => number }> {
  let buffered = 0;
  server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => void (buffered += chunk.length));
    req.on("end", () => res.writeHead(200).end(String(buffered)));
    req.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  limitRequestBodies(server, limit);
  return { port: (server.address() as AddressInfo).port, buffered: () => buffered };
}

function post(port: number, headers: Record<string, string | number>, chunks: Buffer[]): Promise<{ status: number } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, method: "POST", path: "/api/github/webhooks", headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0 });
    });
    req.on("error", (error) => resolve({ error: error.message }));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("request bodies over GitHub's 25 MB cap", () => {
  it("answers 413 at once to a declared size over the cap, reading none of it", async () => {
    const app = await bufferingServer(1_000);
    // Declares 64 MB and sends 10 bytes: a server that waited for the body would hang here.
    const answer = await post(app.port, { "content-length": 64 * 1024 * 1024 }, [Buffer.alloc(10)]);
    expect(answer).toEqual({ status: 413 });
    expect(app.buffered()).toBe(0);
  });

  it("cuts off a streamed body once it passes the cap", async () => {
    const app = await bufferingServer(1_000);
    const answer = await post(app.port, { "transfer-encoding": "chunked" }, Array.from({ length: 50 }, () => Buffer.alloc(500)));
    expect("error" in answer || (answer as { status: number }).status !== 200).toBe(true);
    expect(app.buffered()).toBeLessThan(25_000);
  });

  it("lets bodies within the cap through untouched", async () => {
    const app = await bufferingServer(1_000);
    expect(await post(app.port, { "content-length": 900 }, [Buffer.alloc(900)])).toEqual({ status: 200 });
    expect(app.buffered()).toBe(900);
  });
});
