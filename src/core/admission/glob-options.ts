import type { MinimatchOptions } from "minimatch";

/**
 * How every Touches glob is read, in one place. `dot`: `src/**` covers `src/.env` too. `noext`: `+(a|b)` is plain
 * text, so a segment is only literals, `?`, `*` and classes. `nocomment`/`nonegate`: a leading `#` is text and a
 * leading `!` is handled by the Touches list, not by minimatch. `nobrace`: braces are expanded once, up front, with
 * a cap (see glob.ts). `platform`: paths use `/` whatever the server runs on.
 */
export const MATCH_OPTIONS: MinimatchOptions = {
  dot: true,
  noext: true,
  nocomment: true,
  nonegate: true,
  nobrace: true,
  platform: "linux",
};
