import type { IncomingMessage, Server as HttpServer, ServerResponse } from "node:http";

/** GitHub caps webhook payloads at 25 MB: a larger body did not come from GitHub. */
export const MAX_BODY_BYTES = 25 * 1024 * 1024;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Refuses request bodies over `maxBytes` before anything buffers them: a declared `content-length` over the cap is
 * answered 413 at once, and a body that grows past it while streaming is cut off. Probot's webhook route reads the
 * whole body before it checks the signature, so without this anyone could make the process hold any amount of data.
 * Wraps the server's request listeners (Probot attaches its own when the `Server` is made).
 */
export function limitRequestBodies(http: HttpServer, maxBytes = MAX_BODY_BYTES): void {
  const listeners = http.listeners("request") as Listener[];
  http.removeAllListeners("request");
  http.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (Number(req.headers["content-length"] ?? 0) > maxBytes) return tooLarge(req, res, maxBytes);
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      // Past the cap mid-stream the handlers already listen: cut the connection, so nobody buffers more.
      if (received > maxBytes) req.destroy();
    });
    for (const listener of listeners) listener(req, res);
  });
}

function tooLarge(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  res.writeHead(413, { "content-type": "application/json", connection: "close" });
  // The rest of the body is never read: the connection closes once the answer is out.
  res.end(JSON.stringify({ message: `Request body over ${maxBytes} bytes (GitHub sends at most 25 MB)` }), () => req.socket.destroy());
}
