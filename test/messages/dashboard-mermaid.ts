import { JSDOM } from "jsdom";

let parser: Promise<{ parse(text: string): Promise<unknown> }> | undefined;

/** Mermaid's real parser, in Node: it needs a DOM window before it loads. Throws on a graph GitHub could not draw. */
export async function parseMermaid(text: string): Promise<void> {
  parser ??= (async () => {
    const dom = new JSDOM("");
    const global = globalThis as unknown as Record<string, unknown>;
    global.window = dom.window;
    global.document = dom.window.document;
    const { default: mermaid } = await import("mermaid");
    return mermaid;
  })();
  await (await parser).parse(text);
}

/** The mermaid block of a dashboard body. */
export function mermaidBlock(body: string): string {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(body);
  if (!match?.[1]) throw new Error("no mermaid block in the dashboard");
  return match[1];
}
