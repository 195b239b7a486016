/**
 * An emulated GitHub on 127.0.0.1 for the real entry points (`npm start`, the Docker image) with no account:
 * starts it, writes the app's credentials as an env file, and runs until stopped (Ctrl-C, SIGTERM). CI's Docker
 * job runs the image against it.
 *
 *   npx tsx scripts/emulated-github.ts emulated.env
 *   docker run --network host --env-file emulated.env switchyard
 *
 * The key is written the way Probot's registration page writes it to `.env`: one line, in double quotes, with
 * its newlines as `\n`. The file appears whole (written aside, then renamed), so a script may wait for it.
 */
import { renameSync, writeFileSync } from "node:fs";
import { startEmulatedGitHub } from "../test/support/emulated-github.js";

const file = process.argv[2] ?? "emulated.env";
const gh = await startEmulatedGitHub();
const env = {
  APP_ID: String(gh.appId),
  PRIVATE_KEY: `"${gh.privateKey.trimEnd().replace(/\n/g, "\\n")}"`,
  WEBHOOK_SECRET: gh.webhookSecret,
  GITHUB_API_URL: gh.url,
};
writeFileSync(`${file}.partial`, Object.entries(env).map(([name, value]) => `${name}=${value}\n`).join(""));
renameSync(`${file}.partial`, file);
console.log(`emulated GitHub at ${gh.url}, app ${gh.appId} (${gh.appSlug}); its credentials are in ${file}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void gh.close().finally(() => process.exit(0)));
}
