import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { markStartupScripts, startupScripts } from "./compile-hints";

const HINT = "//# allFunctionsCalledOnLoad\n";
let dir = "";

/** A build as `next build` leaves it: the framework's scripts, one page's entry scripts, a lazily loaded chunk. */
function build(): string {
  dir = mkdtempSync(path.join(tmpdir(), "compile-hints-"));
  mkdirSync(path.join(dir, "static/chunks"), { recursive: true });
  mkdirSync(path.join(dir, "server/app/groups/[groupId]"), { recursive: true });
  writeFileSync(path.join(dir, "build-manifest.json"), JSON.stringify({ rootMainFiles: ["static/chunks/framework.js"], polyfillFiles: ["static/chunks/polyfills.js"] }));
  const manifest = {
    entryCSSFiles: {},
    entryJSFiles: {
      "[project]/app/layout": ["static/chunks/layout.js"],
      "[project]/app/groups/[groupId]/page": ["static/chunks/layout.js", "static/chunks/page.js", "static/chunks/page.css"],
    },
  };
  writeFileSync(
    path.join(dir, "server/app/groups/[groupId]/page_client-reference-manifest.js"),
    `globalThis.__RSC_MANIFEST=(globalThis.__RSC_MANIFEST||{});globalThis.__RSC_MANIFEST["/groups/[groupId]/page"]=${JSON.stringify(manifest)};`,
  );
  for (const name of ["framework.js", "polyfills.js", "layout.js", "page.js", "lazy.js"])
    writeFileSync(path.join(dir, "static/chunks", name), `(globalThis.TURBOPACK||[]).push(["${name}"]);`);
  return dir;
}

const read = (name: string) => readFileSync(path.join(dir, "static/chunks", name), "utf8");

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("compile hints on the start-up scripts", () => {
  it("finds the framework's scripts and every page's and layout's entry scripts, not stylesheets, polyfills or lazy chunks", () => {
    expect(startupScripts(build()).sort()).toEqual(["static/chunks/framework.js", "static/chunks/layout.js", "static/chunks/page.js"]);
  });

  it("puts the hint first in each of them, once, and leaves the rest as it was", () => {
    build();
    expect(markStartupScripts(dir)).toBe(3);
    for (const name of ["framework.js", "layout.js", "page.js"]) expect(read(name)).toBe(`${HINT}(globalThis.TURBOPACK||[]).push(["${name}"]);`);
    expect(read("lazy.js")).toBe('(globalThis.TURBOPACK||[]).push(["lazy.js"]);');
    expect(read("polyfills.js")).toBe('(globalThis.TURBOPACK||[]).push(["polyfills.js"]);');
    expect(markStartupScripts(dir)).toBe(0);
    expect(read("page.js").startsWith(HINT + HINT)).toBe(false);
  });
});
