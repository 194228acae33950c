import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Zod (the protocol's schemas) reaches the browser only through app/_live/protocol-checks.ts,
// loaded once the page is idle: that keeps it out of the first load's script and configures it
// jitless before any schema is built, so the strict CSP never sees its `new Function` probe.
const root = path.resolve(import.meta.dirname, "../..");
const allowed = new Set(["app/_live/protocol-checks.ts", "app/_live/zod-jitless.ts"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** Modules the browser loads: "use client" files and the client-only live modules. */
const clientFiles = sourceFiles("app").filter((file) => file.startsWith("app/_live/") || /^["']use client["']/m.test(readFileSync(path.join(root, file), "utf8")));

/** Modules a module loads, in order: value imports and re-exports, not `import type`. */
function valueImports(source: string): string[] {
  return [...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm)].map((match) => match[1]!);
}

describe("what the browser imports", () => {
  it("finds the client modules", () => {
    expect(clientFiles).toContain("app/_live/use-live-session.ts");
    expect(clientFiles.length).toBeGreaterThan(20);
  });

  it("takes zod and the protocol's schemas only through protocol-checks.ts", () => {
    const offending = clientFiles
      .filter((file) => !allowed.has(file))
      .flatMap((file) =>
        valueImports(readFileSync(path.join(root, file), "utf8"))
          .filter((specifier) => specifier === "zod" || specifier.startsWith("zod/") || specifier === "@/lib/protocol")
          .map((specifier) => `${file} imports ${specifier}`),
      );
    expect(offending).toEqual([]);
  });

  it("configures zod before the protocol builds its schemas", () => {
    const imports = valueImports(readFileSync(path.join(root, "app/_live/protocol-checks.ts"), "utf8"));
    expect(imports).toEqual(["./zod-jitless", "@/lib/protocol"]);
  });
});
