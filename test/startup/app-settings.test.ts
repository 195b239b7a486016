/**
 * Reading `npm start`'s settings from the environment: the key as people paste it (quoted, `\n`-escaped,
 * base64, in a file), and one `StartupError` line for each mistake.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appSettingsFromEnv, logLevelFromEnv } from "../../src/startup/app-settings.js";
import { StartupError } from "../../src/startup/startup-error.js";

const PEM = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }).toString();
const dir = mkdtempSync(join(tmpdir(), "switchyard-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = (vars: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ APP_ID: "42", WEBHOOK_SECRET: "s3cret", PRIVATE_KEY: PEM, ...vars });

function refusal(vars: NodeJS.ProcessEnv): string {
  try {
    appSettingsFromEnv(env(vars));
  } catch (error) {
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).not.toContain("\n");
    return (error as Error).message;
  }
  throw new Error("no StartupError");
}

describe("the private key", () => {
  const escaped = PEM.trimEnd().replace(/\n/g, "\\n");
  it.each([
    ["as the PEM itself", PEM],
    ["with newlines written \\n (docker --env-file)", escaped],
    ['in double quotes, as the registration page writes it to .env and docker --env-file passes it on', `"${escaped}"`],
    ["in single quotes", `'${escaped}'`],
    ["as base64 of the PEM", Buffer.from(PEM).toString("base64")],
  ])("inline %s", (_how, value) => {
    expect(appSettingsFromEnv(env({ PRIVATE_KEY: value })).privateKey.trim()).toBe(PEM.trim());
  });

  it("from the file at PRIVATE_KEY_PATH; an inline key wins over it", () => {
    const path = join(dir, "key.pem");
    writeFileSync(path, PEM);
    expect(appSettingsFromEnv(env({ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: path })).privateKey).toBe(PEM);
    expect(refusal({ PRIVATE_KEY: "nonsense", PRIVATE_KEY_PATH: path })).toMatch(/^PRIVATE_KEY is not a PEM private key/);
  });

  it("refused: missing, not a key, not RSA, a path with no file", () => {
    expect(refusal({ PRIVATE_KEY: "" })).toBe("PRIVATE_KEY or PRIVATE_KEY_PATH is not set; see .env.example");
    expect(refusal({ PRIVATE_KEY: "-----BEGIN RSA PRIVATE KEY-----\\nnope\\n-----END RSA PRIVATE KEY-----" })).toMatch(/^PRIVATE_KEY is not a PEM private key/);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(refusal({ PRIVATE_KEY: ec })).toBe("PRIVATE_KEY is a key of type ec; a GitHub App's private key is RSA");
    expect(refusal({ PRIVATE_KEY: undefined, PRIVATE_KEY_PATH: join(dir, "absent.pem") })).toContain("there is no such file (in a container, mount the key file");
  });
});

describe("the other settings", () => {
  it("defaults: localhost:3000, github.com", () => {
    expect(appSettingsFromEnv(env({}))).toEqual({ appId: "42", privateKey: PEM.trim(), webhookSecret: "s3cret", port: 3000, host: "localhost" });
  });

  it("GITHUB_API_URL, or GitHub Enterprise Server's API from GHE_HOST", () => {
    expect(appSettingsFromEnv(env({ GITHUB_API_URL: "http://127.0.0.1:9" })).baseUrl).toBe("http://127.0.0.1:9");
    expect(appSettingsFromEnv(env({ GHE_HOST: "ghe.acme.test" })).baseUrl).toBe("https://ghe.acme.test/api/v3");
  });

  it("refused: APP_ID not a number, WEBHOOK_SECRET empty, PORT not a port, LOG_LEVEL unknown", () => {
    expect(refusal({ APP_ID: "switchyard" })).toMatch(/^APP_ID must be the app's numeric ID/);
    expect(refusal({ WEBHOOK_SECRET: " " })).toMatch(/^WEBHOOK_SECRET is not set/);
    expect(refusal({ PORT: "http" })).toBe('PORT must be a port number (got "http")');
    expect(() => logLevelFromEnv({ LOG_LEVEL: "loud" } as unknown as NodeJS.ProcessEnv)).toThrow(StartupError);
    expect(logLevelFromEnv({})).toBe("info");
  });
});
