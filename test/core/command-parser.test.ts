import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_BODY_LENGTH, parseComment, type ParsedComment } from "../../src/core/command-parser/index.js";
import { COMMAND_VOCABULARY } from "../../src/commands/index.js";

/** The parser with the vocabulary every test here reads. */
const parse = (body: string): ParsedComment => parseComment(body, COMMAND_VOCABULARY);
const none: ParsedComment = { kind: "none" };
const command = (name: string, args = "", others = 0): ParsedComment => ({ kind: "command", name, args, others });
const usage = (name: string, args: string): ParsedComment => ({ kind: "usage", name, args });
const lookalike = (name: string, written: string): ParsedComment => ({ kind: "lookalike", name, written });

/** Asserts the shape every result must have, whatever the input. */
function expectWellFormed(result: ParsedComment): void {
  expect(["none", "command", "usage", "lookalike"]).toContain(result.kind);
  if (result.kind === "none") return;
  expect(COMMAND_VOCABULARY.names).toContain(result.name);
  if (result.kind === "lookalike") {
    expect(result.written.length).toBeGreaterThan(0);
    expect(result.written.length).toBeLessThanOrEqual(40);
    return;
  }
  expect(result.args).toBe(result.args.trim());
  if (result.kind === "usage") expect(result.args).not.toBe("");
  if (result.kind === "command") {
    expect(Number.isInteger(result.others) && result.others >= 0).toBe(true);
    if (!COMMAND_VOCABULARY.takesText.has(result.name)) expect(result.args).toBe("");
  }
}

function timeMs(body: string): number {
  const started = performance.now();
  parse(body);
  return performance.now() - started;
}

describe("parseComment: commands", () => {
  it.each(COMMAND_VOCABULARY.names)("reads /%s alone as that command", (name) => {
    expect(parse(`/${name}`)).toEqual(command(name));
  });

  it.each<[string, string, ParsedComment]>([
    ["a plain /claim", "/claim", command("claim")],
    ["/claim after lines of text", "Thanks for the write-up.\nI'll take this one.\n/claim", command("claim")],
    ["/claim after a blank line", "Taking it.\n\n/claim", command("claim")],
    ["CRLF line endings", "Taking it.\r\n/claim\r\n", command("claim")],
    ["a lone CR as a line ending", "Taking it.\r/claim", command("claim")],
    ["trailing spaces and CR are not arguments", "/claim   \r\nbye", command("claim")],
    ["a trailing tab is not an argument", "/claim\t", command("claim")],
    ["a trailing no-break space is not an argument", "/claim\u00A0", command("claim")],
    ["up to 3 leading spaces, as in Markdown", "   /claim", command("claim")],
    ["/claim followed by text on later lines", "/claim\nI'll start with the parser.", command("claim")],
    ["/fail with a reason", "/fail flaky network", command("fail", "flaky network")],
    ["/fail with a padded reason, trimmed", "/fail    flaky network  \r\n", command("fail", "flaky network")],
    ["/fail with a reason after a tab", "/fail\tout of memory", command("fail", "out of memory")],
    ["/fail with a reason after a no-break space", "/fail\u00A0timeout", command("fail", "timeout")],
    ["/fail alone", "/fail", command("fail", "")],
    ["/fail with a reason containing backticks", "/fail `npm test` hangs", command("fail", "`npm test` hangs")],
  ])("reads %s", (_name, body, expected) => {
    expect(parse(body)).toEqual(expected);
  });
});

describe("parseComment: arguments a command does not take", () => {
  it.each<[string, string, ParsedComment]>([
    ["/claim now please", "/claim now please", usage("claim", "now please")],
    ["/release with a reason", "/release going on holiday", usage("release", "going on holiday")],
    ["/done with a PR link", "/done see #12\r\n", usage("done", "see #12")],
    ["/status with an argument after an ideographic space", "/status\u3000all", usage("status", "all")],
    ["/unblock with an HTML comment after it (the rest of the line, as written)", "/unblock <!-- x -->", usage("unblock", "<!-- x -->")],
  ])("answers %s with usage", (_name, body, expected) => {
    expect(parse(body)).toEqual(expected);
  });
});

describe("parseComment: the vocabulary decides which commands exist", () => {
  // Another app's commands, so nothing here can pass by knowing the commands of this one.
  const deploys = { names: ["deploy", "roll-back-everything"], takesText: new Set(["deploy"]) };
  const empty = { names: [], takesText: new Set<string>() };

  it.each<[string, string, ParsedComment]>([
    ["a command of the vocabulary", "/deploy", command("deploy")],
    ["free text for a command that takes it", "/deploy to staging", command("deploy", "to staging")],
    ["arguments for a command that takes none", "/roll-back-everything now", usage("roll-back-everything", "now")],
    ["a name longer than any of this app's", "/roll-back-everything", command("roll-back-everything")],
    ["a lookalike of a vocabulary name", "／deploy", lookalike("deploy", "／deploy")],
    ["this app's /claim as no command", "/claim\n/deploy", command("deploy")],
  ])("reads %s", (_name, body, expected) => {
    expect(parseComment(body, deploys)).toEqual(expected);
  });

  it.each(["/claim", "／claim", "/", "/x"])("reads nothing in %j with an empty vocabulary", (body) => {
    expect(parseComment(body, empty)).toEqual(none);
  });
});

describe("parseComment: lines that are not commands", () => {
  it.each<[string, string]>([
    ["an empty comment", ""],
    ["plain text", "Looks good to me!"],
    ["a capitalised name /Claim", "/Claim"],
    ["an upper-case name /CLAIM", "/CLAIM"],
    ["a longer word /claimed", "/claimed"],
    ["a hyphenated word /claim-it", "/claim-it"],
    ["a name followed by punctuation /claim.", "/claim."],
    ["an unknown command /foo", "/foo"],
    ["another bot's command /assign", "/assign @me"],
    ["a name without a slash", "claim"],
    ["a command mid-line", "please /claim"],
    ["a double slash", "//claim"],
    ["a slash and a space", "/ claim"],
    ["a bare slash", "/"],
    ["a command in inline code on its own line", "`/claim`"],
    ["4-space indented (indented code)", "    /claim"],
    ["tab indented (indented code)", "\t/claim"],
    ["a space then a tab (column 4: indented code)", " \t/claim"],
    ["an indented command continuing a paragraph", "I will\n    /claim"],
  ])("ignores %s", (_name, body) => {
    expect(parse(body)).toEqual(none);
  });
});

describe("parseComment: ignored regions", () => {
  it.each<[string, string]>([
    ["inside a ``` fence", "Run this:\n```\n/claim\n```"],
    ["inside a ``` fence with an info string", "```bash\n/claim\n```"],
    ["inside a ~~~ fence", "~~~\n/claim\n~~~"],
    ["inside a fence indented 3 spaces", "   ```\n/claim\n   ```"],
    ["inside an unclosed fence", "Example:\n```md\n\n/claim\n"],
    ["inside a fence a shorter fence does not close", "````\n```\n/claim\n````"],
    ["inside a backtick fence a tilde fence does not close", "```\n~~~\n/claim\n```"],
    ["inside a fence a fence with trailing text does not close", "```\n``` not a close\n/claim\n```"],
    ["inside a > block quote", "> /claim"],
    ["inside a block quote without a space", ">/claim"],
    ["inside a block quote indented 3 spaces", "   > /claim"],
    ["inside a block quote among text", "You wrote:\n> /claim\n> and more"],
    ["inside a single-line HTML comment", "<!-- /claim -->"],
    ["inside a multi-line HTML comment", "<!--\n/claim\n-->"],
    ["inside an HTML comment opened mid-line", "Note <!-- hidden\n/claim\nstill hidden -->"],
    ["inside an unclosed HTML comment", "<!-- template\n/claim"],
    ["inside an HTML comment with a fence and a quote in it", "<!--\n```\n-->\n> x\n<!--\n/claim -->"],
    ["inside a multi-line inline code span", "Type ``\n/claim\n`` to take a task."],
    ["inside a multi-line span of single backticks", "Type `\n/claim\n` here"],
    ["inside a span opened after an escaped backtick", "\\``\n/claim\n`"],
    ["inside a span whose closer is escaped-looking (no escapes in code)", "`a\n/claim\n\\`"],
  ])("ignores a command %s", (_name, body) => {
    expect(parse(body)).toEqual(none);
  });

  it.each<[string, string, ParsedComment]>([
    ["after a closed fence", "```\ncode\n```\n/claim", command("claim")],
    ["after a closed ~~~ fence closed by a longer fence", "~~~\ncode\n~~~~~\n/claim", command("claim")],
    ["after a block quote and a blank line", "> quoted\n\n/claim", command("claim")],
    ["after a closed multi-line HTML comment", "<!-- a\n/claim\nb -->\n/done", command("done")],
    ["after a self-closing <!-->", "<!-->\n/claim", command("claim")],
    ["after a self-closing <!--->", "<!--->\n/claim", command("claim")],
    ["after a closed inline code span", "Use `x`\n/claim", command("claim")],
    ["after an unmatched backtick (literal)", "don't put ` in names\n/claim", command("claim")],
    ["after a run of 1 that a run of 2 does not close", "a ` b\n/claim\n``", command("claim")],
    ["after an escaped backtick", "\\`\n/claim\n`", command("claim")],
    ["after a backtick run whose match is past a blank line (spans end with the paragraph)", "a ``\n\n/claim\n\n``", command("claim")],
    ["after a backtick run whose match is past a fenced block", "a ``\n```\ncode\n```\n/claim\n``", command("claim")],
    ["after a backtick run whose match is past a list item", "a ``\n- item\n/claim ``", usage("claim", "``")],
    ["after a backtick run whose match is past a setext underline", "a ``\n---\n/claim\n``", command("claim")],
    ["after a backtick run in a heading (one line only)", "# Title ``\n/claim\n``", command("claim")],
    ["after a backtick fence whose info string has a backtick (not a fence)", "``` a`b\n/claim", command("claim")],
  ])("reads a command %s", (_name, body, expected) => {
    expect(parse(body)).toEqual(expected);
  });
});

describe("parseComment: only the first command counts", () => {
  it.each<[string, string, ParsedComment]>([
    ["two commands: the first wins", "/claim\n/release", command("claim", "", 1)],
    ["three commands", "/release\nthen\n/claim\n/done", command("release", "", 2)],
    ["a later usage line still counts as another command", "/claim\n/claim now", command("claim", "", 1)],
    ["a later lookalike is not counted", "/claim\n／release", command("claim", "", 0)],
    ["a later unknown command is not counted", "/claim\n/assign @me", command("claim", "", 0)],
    ["later commands in code are not counted", "/claim\n```\n/release\n```\n> /done\n<!-- /fail -->", command("claim", "", 0)],
    ["a usage line first wins", "/claim now\n/release", usage("claim", "now")],
    ["a lookalike first wins", "／claim\n/claim", lookalike("claim", "／claim")],
    ["a command after an ignored one", "```\n/release\n```\n/claim", command("claim")],
    ["a code span opened in the arguments hides the next command", "/fail `\n/release\n`", command("fail", "`", 0)],
  ])("%s", (_name, body, expected) => {
    expect(parse(body)).toEqual(expected);
  });
});

describe("parseComment: lookalikes", () => {
  it.each<[string, string, string]>([
    ["a fullwidth solidus ／claim", "／claim", "claim"],
    ["a division slash ∕claim", "\u2215claim", "claim"],
    ["a fraction slash ⁄claim", "\u2044claim", "claim"],
    ["a big solidus ⧸claim", "\u29F8claim", "claim"],
    ["fullwidth letters ／ｃｌａｉｍ", "／ｃｌａｉｍ", "claim"],
    ["fullwidth letters after a plain slash", "/ｒｅｌｅａｓｅ", "release"],
    ["mathematical bold letters", "/\u{1D41D}\u{1D428}\u{1D427}\u{1D41E}", "done"],
    ["a zero-width space inside the name", "/cl\u200Baim", "claim"],
    ["a zero-width non-joiner inside the name", "/fa\u200Cil", "fail"],
    ["a zero-width joiner inside the name", "/qu\u200Deue", "queue"],
    ["a word joiner after the slash", "/\u2060done", "done"],
    ["a byte order mark before the slash", "\uFEFF/claim", "claim"],
    ["a zero-width space before the slash", "\u200B/status", "status"],
    ["a zero-width space right after the name", "/claim\u200B", "claim"],
    ["a soft hyphen inside the name", "/un\u00ADblock", "unblock"],
    ["a Cyrillic а in /clаim", "/cl\u0430im", "claim"],
    ["Cyrillic е and а in /rеlеаsе", "/r\u0435l\u0435\u0430s\u0435", "release"],
    ["a Greek omicron in /dοne", "/d\u03BFne", "done"],
    ["a Cyrillic ԛ in /deԛueue", "/de\u051Bueue", "dequeue"],
    ["a fullwidth slash with arguments after it", "／claim now", "claim"],
    ["a fullwidth slash indented 3 spaces", "   ／claim", "claim"],
  ])("flags %s", (_name, body, name) => {
    const written = body.replace(/^ +/, "").split(" ")[0] ?? "";
    expect(parse(body)).toEqual(lookalike(name, written));
  });

  it.each<[string, string]>([
    ["a fullwidth unknown command ／foo", "／foo"],
    ["a fullwidth capitalised ／Claim", "／Claim"],
    ["a fullwidth longer word ／claimed", "／claimed"],
    ["a lookalike in a fence", "```\n／claim\n```"],
    ["a lookalike in a quote", "> ／claim"],
    ["a lookalike indented 4 spaces", "    ／claim"],
    ["a lookalike token longer than 40 characters", `/${"\u200B".repeat(40)}claim`],
    ["a lone surrogate in the token", "/cl\uD800aim"],
    ["a fullwidth slash mid-line", "say ／claim"],
  ])("does not flag %s", (_name, body) => {
    expect(parse(body)).toEqual(none);
  });
});

describe("parseComment: bounded input", () => {
  it("reads a 65,000-character comment whose /claim is on the last line", () => {
    const body = `${"lorem ipsum dolor sit amet ".repeat(2410).slice(0, 64_990)}\n/claim`;
    expect(body.length).toBe(64_997);
    expect(parse(body)).toEqual(command("claim"));
  });

  it("reads a comment of exactly MAX_BODY_LENGTH characters ending in /claim", () => {
    const body = `${"x".repeat(MAX_BODY_LENGTH - 7)}\n/claim`;
    expect(body.length).toBe(MAX_BODY_LENGTH);
    expect(parse(body)).toEqual(command("claim"));
  });

  it("reads a line that ends exactly at the limit when a line break follows it", () => {
    expect(parse(`${"x".repeat(MAX_BODY_LENGTH - 7)}\n/claim\r\n/release`)).toEqual(command("claim"));
  });

  it("ignores text beyond MAX_BODY_LENGTH", () => {
    expect(parse(`${"x".repeat(MAX_BODY_LENGTH)}\n/claim`)).toEqual(none);
    expect(parse(`/claim\n${"x".repeat(MAX_BODY_LENGTH)}\n/release`)).toEqual(command("claim"));
  });

  it("does not read a line cut by the limit as a shorter command", () => {
    // Cut at the limit, "/claim now" would read as "/claim".
    const body = `${"x".repeat(MAX_BODY_LENGTH - 7)}\n/claim now`;
    expect(body.length).toBeGreaterThan(MAX_BODY_LENGTH);
    expect(parse(body)).toEqual(none);
  });

  it("treats a missing body (null from a webhook payload) as no command", () => {
    expect(parse(null as unknown as string)).toEqual(none);
    expect(parse(undefined as unknown as string)).toEqual(none);
  });
});

/** Tokens that exercise every construct the parser knows, for generated Markdown-ish bodies. */
const MARKDOWN_TOKENS = [
  "```",
  "````",
  "`",
  "``",
  "~~~",
  "<!--",
  "-->",
  "<!-->",
  ">",
  "> ",
  "#",
  "- ",
  "1. ",
  "---",
  "\\",
  "/claim",
  "/fail",
  "/claim now",
  "/Claim",
  "/foo",
  "／claim",
  "/cl\u200Baim",
  "\n",
  "\r\n",
  "\r",
  " ",
  "    ",
  "\t",
  "x",
  "text",
];
const markdownish = fc.array(fc.constantFrom(...MARKDOWN_TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(""));

describe("parseComment: properties", () => {
  it("never throws and always returns a well-formed result, on any string", () => {
    const anyString = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ unit: "grapheme", maxLength: 300 }),
      fc.string({ maxLength: 300 }),
      markdownish,
    );
    fc.assert(
      fc.property(anyString, (body) => {
        expectWellFormed(parse(body));
      }),
      { numRuns: 2000 },
    );
  });

  it("never yields anything for a body made only of ignored regions", () => {
    // Content that cannot end the region it is in: no backticks in a backtick fence, no tildes in a tilde fence,
    // nothing that makes "-->" in a comment, no blank line or block start in a code span.
    const words = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 8 }).map((w) => w.join(""));
    const commandish = ["/claim", "/fail x", "/claim now", "／claim", "/cl\u200Baim", " ", "x"];
    const lines = (alphabet: string[]) => fc.array(words(alphabet), { maxLength: 5 });
    const backtickFence = lines([...commandish, "~~~", "<!--", "> ", "\t"]).map((ls) => ["```", ...ls, "```"].join("\n"));
    const tildeFence = lines([...commandish, "```", "`", "<!--"]).map((ls) => ["~~~~", ...ls, "~~~~"].join("\n"));
    const unclosedFence = lines([...commandish, "~~~"]).map((ls) => ["```", ...ls].join("\n"));
    const quote = words([...commandish, "`", "``", "<!--", "```"]).map((w) => `> ${w}`);
    const comment = lines([...commandish, "```", "`", "<!--", "~~~"]).map((ls) => `<!--${ls.join("\n")}-->`);
    const indented = words([...commandish, "`", "``"]).map((w) => `    ${w}`);
    // At least one line of content: an empty "````" would be a fence, not a span.
    const spanLines = fc.array(words(["/claim", "/fail x", "／claim", "x", "/cl\u200Baim"]), { minLength: 1, maxLength: 5 });
    const span = spanLines.map((ls) => `\`\`${ls.join("\n")}\`\``);
    const region = fc.oneof(backtickFence, tildeFence, quote, comment, indented, span);
    const body = fc
      .tuple(fc.array(region, { maxLength: 6 }), fc.option(unclosedFence), fc.constantFrom("\n", "\r\n"))
      .map(([regions, last, eol]) => [...regions, ...(last === null ? [] : [last])].join("\n\n").replaceAll("\n", eol));
    fc.assert(
      fc.property(body, (text) => {
        expect(parse(text)).toEqual(none);
      }),
      { numRuns: 1000 },
    );
  });

  it("gives the same result when lines that are not commands are put in front", () => {
    const prefixLine = fc.constantFrom(
      "Thanks!",
      "/foo bar",
      "/claimed",
      "/Claim",
      "x /claim",
      "`/claim`",
      "<!-- /claim -->",
      // A blank line after the quote: without one, the next line would continue the quote (lazy continuation).
      "> /claim\n",
      "# /claim heading",
      "- a list item",
      "   indented a little",
      "```\n/claim\n```",
      "",
    );
    const prefix = fc
      .tuple(fc.array(prefixLine, { maxLength: 6 }), fc.boolean(), fc.constantFrom("\n", "\r\n"))
      .map(([ls, blank, eol]) => ls.map((l) => l + eol).join("") + (blank ? eol : ""));
    fc.assert(
      fc.property(prefix, markdownish, (before, body) => {
        // After a paragraph line (no blank line in between), an indented first line is a paragraph continuation
        // rather than indented code, which rightly changes how it reads; everything else must not depend on it.
        const endsInParagraph = before !== "" && !/(?:^|\n)\r?\n$/.test(before);
        const firstLineIndented = /^( {0,3}\t| {4})/.test(body);
        fc.pre(!(endsInParagraph && firstLineIndented));
        expect(parse(before + body)).toEqual(parse(body));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with a naive line-by-line reading on bodies without any Markdown", () => {
    const line = fc.constantFrom("/claim", "/release", "/fail oops", "/done now", " /status", "    /queue", "/foo", "/claimed", "hello", "", "／claim");
    const commandLine = new RegExp(`^ {0,3}\\/(${COMMAND_VOCABULARY.names.join("|")})(?:[ \\t](.*))?$`);
    const naive = (lines: string[]): ParsedComment => {
      const found = lines.map((l) => commandLine.exec(l)).filter((m) => m !== null);
      const first = found[0];
      const firstLookalike = lines.findIndex((l) => l.startsWith("／claim"));
      const firstCommand = lines.findIndex((l) => commandLine.test(l));
      if (firstLookalike >= 0 && (firstCommand < 0 || firstLookalike < firstCommand)) return lookalike("claim", "／claim");
      if (first === undefined) return none;
      const name = first[1] ?? "";
      const args = (first[2] ?? "").trim();
      if (args !== "" && !COMMAND_VOCABULARY.takesText.has(name)) return usage(name, args);
      return command(name, args, found.length - 1);
    };
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        expect(parse(lines.join("\n"))).toEqual(naive(lines));
      }),
      { numRuns: 1000 },
    );
  });

  it("never reads past MAX_BODY_LENGTH characters", () => {
    fc.assert(
      fc.property(markdownish, markdownish, markdownish, (head, tail1, tail2) => {
        const padded = head.padEnd(MAX_BODY_LENGTH, "x");
        // Cut at a line break, the body reads as its first MAX_BODY_LENGTH characters…
        expect(parse(`${padded}\n${tail1}`)).toEqual(parse(padded));
        // …and cut mid-line, what follows the limit still never matters.
        expect(parse(`${padded}x${tail1}`)).toEqual(parse(`${padded}x${tail2}`));
      }),
      { numRuns: 50 },
    );
  });
});

describe("parseComment: linear time on adversarial input", () => {
  const SIZE = 100_000;
  const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
  const increasingRuns = (separator: string) => {
    let out = "";
    for (let n = 1; out.length < SIZE; n++) out += "`".repeat(n) + separator;
    return out;
  };

  it.each<[string, string]>([
    ["backtick runs of increasing length", increasingRuns(" ")],
    ["backtick runs of increasing length, one per line", increasingRuns("\n")],
    ["backtick runs of increasing length, one per paragraph", increasingRuns("\n\n")],
    ["backtick runs after a long indent", " ".repeat(30_000) + increasingRuns(" ")],
    ["unmatched single backticks, one per paragraph", fill("`\n\n")],
    ["unmatched backticks between blank lines of spaces", fill(`\`\n${" ".repeat(500)}\n`)],
    ["only backticks", fill("`")],
    ["space-backtick-letter", fill(" `a")],
    ["<!-- repeated", fill("<!--")],
    ["empty HTML comments", fill("<!---->")],
    ["slashes and newlines", fill("/\n")],
    ["fence lines", fill("```\n")],
    ["fences with text", fill("```\nx\n")],
    ["unclosed fence then long lines", `\`\`\`\n${fill("a")}`],
    ["quote lines with backticks", fill("> ``\n")],
    ["list items with backticks", fill("- `` a\n")],
    ["escaped backticks", fill("\\`")],
    ["repeated commands", fill("/claim\n")],
    ["repeated unknown lookalikes", fill("／foo\n")],
    ["repeated zero-width tokens", fill("/\u200B\u200B\u200Bx\n")],
    ["one long line of fullwidth slashes", fill("／")],
    ["one long token after a slash", `/${fill("c")}`],
    ["a long /fail reason", `/fail ${fill("reason ")}`],
    ["lone surrogates and NULs", fill("\uD800\u0000`\n")],
  ])("parses 100 KB of %s well under a second", (_name, body) => {
    expect(body.length).toBeGreaterThanOrEqual(SIZE);
    expect(() => parse(body)).not.toThrow();
    expect(timeMs(body)).toBeLessThan(1000);
  });
});
