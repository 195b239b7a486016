#!/usr/bin/env node
/* global process, URL */
/**
 * The `switchyard` command (package.json `bin`). Runs the compiled CLI (`lib/cli/main.js`, from `npm run build`);
 * in a development checkout, where `tsx` is installed and the sources are present, it runs the sources instead, so
 * `npx switchyard` is never stale there.
 */
import { existsSync } from "node:fs";

const source = new URL("../src/cli/main.ts", import.meta.url);
const compiled = new URL("../lib/cli/main.js", import.meta.url);

async function developmentCheckout() {
  if (!existsSync(source)) return false;
  try {
    const { register } = await import("tsx/esm/api");
    register();
    return true;
  } catch {
    return false;
  }
}

if (await developmentCheckout()) await import(source.href);
else if (existsSync(compiled)) await import(compiled.href);
else {
  process.stderr.write("switchyard: not built yet: run `npm run build` in the switchyard package first\n");
  process.exitCode = 1;
}
