import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Zod (the protocol's schemas) reaches the browser only through app/_live/protocol-checks.ts,
// loaded on first need (a change, a lost connection): that keeps it out of the page's script and configures it
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

/** The project file a specifier names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.join(path.dirname(from), specifier) : null;
  if (base === null) return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")];
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(path.join(root, candidate))) ?? null;
}

/** Import chains from `file` that reach zod or the protocol without passing protocol-checks.ts. */
function zodPaths(file: string, chain: string[], seen: Set<string>): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const source = readFileSync(path.join(root, file), "utf8");
  // A server action reaches the browser as a reference, never as its module.
  if (/^["']use server["']/m.test(source)) return [];
  return valueImports(source).flatMap((specifier) => {
    if (specifier === "zod" || specifier.startsWith("zod/") || specifier === "@/lib/protocol") return [`${[...chain, specifier].join(" → ")}`];
    const next = resolveImport(file, specifier);
    if (next === null || allowed.has(next)) return [];
    return zodPaths(next, [...chain, next], seen);
  });
}

describe("what the browser imports", () => {
  it("finds the client modules", () => {
    expect(clientFiles).toContain("app/_live/use-live-session.ts");
    expect(clientFiles.length).toBeGreaterThan(20);
  });

  it("takes zod and the protocol's schemas only through protocol-checks.ts, however deep the import", () => {
    const offending = clientFiles.filter((file) => !allowed.has(file)).flatMap((file) => zodPaths(file, [file], new Set()));
    expect(offending).toEqual([]);
  });

  it("configures zod before the protocol builds its schemas", () => {
    const imports = valueImports(readFileSync(path.join(root, "app/_live/protocol-checks.ts"), "utf8"));
    expect(imports).toEqual(["./zod-jitless", "@/lib/protocol"]);
  });
});
