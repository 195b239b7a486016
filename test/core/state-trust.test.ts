import { describe, expect, it } from "vitest";
import { isAppWritten, noreplyLogin, refLine, type StateCommitFacts } from "../../src/core/state-trust.js";

const APP = { botLogin: "switchyard[bot]", ref: "switchyard/tasks/7" };
const BOT = "4242+switchyard[bot]@users.noreply.github.com";
const STATE = `switchyard: task #7 claimed by @alice\n\nswitchyard-lock: {}\n${refLine(APP.ref)}\n`;
const own: StateCommitFacts = { verified: true, authorEmail: BOT, committerEmail: "noreply@github.com", message: STATE };

describe("which state commits count", () => {
  it.each<[string, Partial<StateCommitFacts>, boolean]>([
    ["the app's commit, committed and signed by GitHub", {}, true],
    ["the app's commit, committed by the bot itself", { committerEmail: BOT }, true],
    ["a state written before commits named their ref", { message: "switchyard-lock: {}\n" }, true],
    ["an unsigned commit claiming the bot as author and committer (git push)", { verified: false, committerEmail: BOT }, false],
    ["a commit signed by the pusher's own key, the bot only as author", { committerEmail: "dave@acme.test" }, false],
    ["another app's verified commit (GitHub Actions)", { authorEmail: "41898282+github-actions[bot]@users.noreply.github.com" }, false],
    ["a person's verified web commit", { authorEmail: "1234+dave@users.noreply.github.com" }, false],
    ["another task's state replayed on this ref", { message: STATE.replace(refLine(APP.ref), refLine("switchyard/tasks/3")) }, false],
    ["one commit published on this ref and another", { message: `${STATE}${refLine("switchyard/queue/main")}\n` }, true],
  ])("%s: %s", (_case, change, trusted) => {
    expect(isAppWritten({ ...own, ...change }, APP)).toBe(trusted);
  });

  it("reads the login out of GitHub's noreply addresses only", () => {
    expect(noreplyLogin(BOT)).toBe("switchyard[bot]");
    expect(noreplyLogin("Switchyard[bot]@users.noreply.github.com")).toBe("switchyard[bot]");
    expect(noreplyLogin("switchyard[bot]@users.noreply.github.com.evil.test")).toBeNull();
    expect(noreplyLogin("noreply@github.com")).toBeNull();
  });
});
