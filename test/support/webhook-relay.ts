/**
 * Sits between the emulator and the app's webhook URL, the way GitHub's delivery service does.
 *
 * Emulate posts an app's webhooks to the app's `webhook_url` (fixed at seed time), signed with
 * `X-Hub-Signature-256` over the body, with `X-GitHub-Delivery: String(Date.now())` — ids that collide for
 * events in the same millisecond — and keeps no record of them. The relay is that `webhook_url`; it:
 * - gives each delivery a GUID `X-GitHub-Delivery`, GitHub's other headers (`X-Hub-Signature`,
 *   `X-GitHub-Hook-ID`, `X-GitHub-Hook-Installation-Target-*`, `User-Agent: GitHub-Hookshot/…`), and
 *   lets `fixPayload` repair the payload (then re-signs it with the app's secret);
 * - acknowledges the emulator at once and forwards asynchronously, like GitHub (the API call that caused the
 *   event does not wait for the app), to a URL that can be set or changed at any time (`setTarget`), or
 *   round-robin to several app replicas (`setTargets`), the way a load balancer in front of them would;
 * - records every delivery byte for byte, so a test can redeliver one exactly (same id, same signature).
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

export interface WebhookDelivery {
  /** `X-GitHub-Delivery`, a GUID like GitHub's. */
  readonly id: string;
  readonly event: string;
  readonly action: string | undefined;
  /** The exact headers and body delivered (and redelivered). */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly payload: unknown;
  /** The id emulate gave it (`Date.now()`), for reference. */
  readonly emulatorDeliveryId: string | undefined;
  readonly attempts: { url: string; status: number | null; error?: string; at: number }[];
  /** False while the first forward is in flight. */
  settled: boolean;
}

export interface WebhookRelayOptions {
  readonly secret: string;
  readonly appId: number;
  /** Returns a corrected payload, or `undefined` to deliver the emulator's bytes unchanged. */
  readonly fixPayload?: (event: string, payload: Record<string, unknown>) => Promise<Record<string, unknown> | undefined>;
  /** Events GitHub sends alongside this one that the emulator does not (e.g. `pull_request.synchronize` for a push). */
  readonly alsoSend?: (event: string, payload: Record<string, unknown>) => Promise<{ event: string; payload: unknown }[]>;
}

export class WebhookRelay {
  private readonly log: WebhookDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private targets: readonly string[] = [];
  /** How many deliveries have been forwarded to `targets` (picks the next replica round-robin). */
  private turn = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly options: WebhookRelayOptions,
  ) {}

  static async start(options: WebhookRelayOptions): Promise<WebhookRelay> {
    const late: { relay?: WebhookRelay } = {};
    const server = createServer((req, res) => {
      void readAll(req).then((body) => {
        res.writeHead(200).end();
        late.relay?.receive(req, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("the webhook relay has no port");
    late.relay = new WebhookRelay(server, `http://127.0.0.1:${address.port}/`, options);
    return late.relay;
  }

  /** Where deliveries go from now on (`null`: recorded only). */
  setTarget(url: string | null): void {
    this.setTargets(url === null ? [] : [url]);
  }

  /**
   * Several replicas behind one webhook URL: each new delivery goes to the next URL in turn (round-robin).
   * An empty list records deliveries only. Redeliveries and `send` without a `url` also take the next turn.
   */
  setTargets(urls: readonly string[]): void {
    this.targets = [...urls];
    this.turn = 0;
  }

  /** The URL the next delivery goes to (`null`: none). */
  get targetUrl(): string | null {
    return this.targets.length === 0 ? null : this.targets[this.turn % this.targets.length]!;
  }

  get targetUrls(): readonly string[] {
    return this.targets;
  }

  /** Takes the next turn of the round-robin. */
  private nextTarget(): string | null {
    const url = this.targetUrl;
    if (url !== null) this.turn++;
    return url;
  }

  deliveries(): readonly WebhookDelivery[] {
    return this.log;
  }

  clear(): void {
    this.log.length = 0;
  }

  /** Signs and delivers a payload like GitHub would (e.g. one built with `payloads.ts`), and records it. */
  async send(event: string, payload: unknown, options: { id?: string; url?: string } = {}): Promise<WebhookDelivery> {
    const body = JSON.stringify(payload);
    const delivery = this.record(event, body, options.id ?? randomUUID(), undefined);
    await this.forward(delivery, options.url ?? this.nextTarget());
    return delivery;
  }

  /** Sends a recorded delivery again, byte for byte (same id, same signature); returns the HTTP status. */
  async redeliver(id: string, options: { url?: string; headers?: Record<string, string> } = {}): Promise<number | null> {
    const delivery = this.log.find((d) => d.id === id);
    if (!delivery) throw new Error(`no webhook delivery ${id}`);
    const url = options.url ?? this.nextTarget();
    if (!url) throw new Error("no webhook URL to redeliver to");
    return this.post(delivery, url, { ...delivery.headers, ...options.headers });
  }

  /** The first delivery matching `predicate` once its forward has finished; rejects after `timeoutMs`. */
  async waitFor(predicate: (delivery: WebhookDelivery) => boolean, timeoutMs = 5_000): Promise<WebhookDelivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.log.find((d) => d.settled && predicate(d));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching webhook delivery within ${timeoutMs} ms (got: ${this.log.map((d) => `${d.event}.${d.action ?? ""}`).join(", ") || "none"})`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Resolves when no forward is in flight. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async close(): Promise<void> {
    await this.settled();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private receive(req: IncomingMessage, raw: string): void {
    const event = String(req.headers["x-github-event"] ?? "");
    const emulatorId = req.headers["x-github-delivery"] === undefined ? undefined : String(req.headers["x-github-delivery"]);
    const work = (async () => {
      let body = raw;
      try {
        const fixed = this.options.fixPayload ? await this.options.fixPayload(event, JSON.parse(raw)) : undefined;
        if (fixed) body = JSON.stringify(fixed);
      } catch {
        // A payload we cannot fix is delivered as the emulator sent it.
      }
      const delivery = this.record(event, body, randomUUID(), emulatorId);
      await this.forward(delivery, this.nextTarget());
      let extra: { event: string; payload: unknown }[] = [];
      try {
        extra = this.options.alsoSend ? await this.options.alsoSend(event, JSON.parse(body) as Record<string, unknown>) : [];
      } catch {
        // Nothing more to send.
      }
      for (const more of extra) await this.send(more.event, more.payload);
    })();
    this.track(work);
  }

  private record(event: string, body: string, id: string, emulatorDeliveryId: string | undefined): WebhookDelivery {
    let payload: { action?: unknown } = {};
    try {
      payload = JSON.parse(body) as { action?: unknown };
    } catch {
      // Delivered as is; `payload` stays empty.
    }
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/emulated",
      "x-github-event": event,
      "x-github-delivery": id,
      "x-github-hook-id": String(this.options.appId),
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": String(this.options.appId),
      "x-hub-signature": `sha1=${createHmac("sha1", this.options.secret).update(body).digest("hex")}`,
      "x-hub-signature-256": `sha256=${createHmac("sha256", this.options.secret).update(body).digest("hex")}`,
    };
    const delivery: WebhookDelivery = {
      id,
      event,
      action: typeof payload.action === "string" ? payload.action : undefined,
      headers,
      body,
      payload,
      emulatorDeliveryId,
      attempts: [],
      settled: false,
    };
    this.log.push(delivery);
    return delivery;
  }

  private async forward(delivery: WebhookDelivery, url: string | null): Promise<void> {
    try {
      if (url) await this.post(delivery, url, delivery.headers);
    } finally {
      delivery.settled = true;
    }
  }

  private async post(delivery: WebhookDelivery, url: string, headers: Record<string, string>): Promise<number | null> {
    const attempt: WebhookDelivery["attempts"][number] = { url, status: null, at: Date.now() };
    delivery.attempts.push(attempt);
    try {
      const response = await fetch(url, { method: "POST", headers, body: delivery.body, signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer();
      attempt.status = response.status;
    } catch (error) {
      attempt.error = (error as Error).message;
    }
    return attempt.status;
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
