import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every page hands the browser only the message namespaces its client components use
// (ClientMessages, app/i18n/client-messages.tsx; the root layout for its header). A client
// component whose namespace a page forgot would show message keys instead of words; a namespace
// no client component uses would only make the page heavier. This follows each page's imports,
// static and lazy, to every client component below it.
const root = path.resolve(import.meta.dirname, "../..");

function read(file: string): string {
  return readFileSync(path.join(root, file), "utf8");
}

/** Modules a module loads: value imports, re-exports and lazy `import()`s, not `import type`. */
function imports(source: string): string[] {
  const loaded = [...source.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm)].map((match) => match[1]!);
  const lazy = [...source.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
  return [...loaded, ...lazy];
}

/** The project file a specifier names, or null for a package. */
function resolveImport(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.join(path.dirname(from), specifier) : null;
  if (base === null) return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")];
  return candidates.find((candidate) => /\.tsx?$/.test(candidate) && existsSync(path.join(root, candidate))) ?? null;
}

/** What a module and everything it loads needs (client components' namespaces) and gives (ClientMessages lists). */
function namespaces(file: string, seen = new Set<string>()): { needed: Set<string>; given: Set<string> } {
  const found = { needed: new Set<string>(), given: new Set<string>() };
  if (seen.has(file)) return found;
  seen.add(file);
  const source = read(file);
  // A server action reaches the browser as a reference, never as its module.
  if (/^["']use server["']/m.test(source)) return found;
  if (/^["']use client["']/m.test(source)) {
    for (const match of source.matchAll(/useTranslations\(\s*(\S)/g)) {
      // A namespace only as a literal: that is what makes this check possible.
      expect(match[1], `${file} calls useTranslations without a literal namespace`).toMatch(/["']/);
    }
    for (const match of source.matchAll(/useTranslations\(\s*["']([^"'.]+)/g)) found.needed.add(match[1]!);
  } else {
    for (const match of source.matchAll(/(?:<ClientMessages namespaces=\{|withClientMessages\()\s*\[([^\]]*)\]/g)) {
      for (const name of match[1]!.matchAll(/["']([^"']+)["']/g)) found.given.add(name[1]!);
    }
  }
  for (const specifier of imports(source)) {
    const next = resolveImport(file, specifier);
    if (next === null) continue;
    const below = namespaces(next, seen);
    for (const name of below.needed) found.needed.add(name);
    for (const name of below.given) found.given.add(name);
  }
  return found;
}

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(relative);
    return /^(page|layout|not-found|error)\.tsx$/.test(entry.name) ? [relative] : [];
  });
}

/** The namespaces the root layout hands the browser. */
function layoutNamespaces(): Set<string> {
  const match = /pickNamespaces\(messages, \[([^\]]*)\]\)/.exec(read("app/layout.tsx"));
  return new Set([...(match?.[1] ?? "").matchAll(/["']([^"']+)["']/g)].map((name) => name[1]!));
}

describe("the messages each page hands the browser", () => {
  const pages = routeFiles("app").filter((file) => file !== "app/layout.tsx");

  it("finds the pages and the session page's client namespaces", () => {
    expect(pages).toContain("app/groups/[groupId]/sessions/[sessionId]/page.tsx");
    expect(namespaces("app/groups/[groupId]/sessions/[sessionId]/page.tsx").needed).toContain("annotations");
  });

  it("the root layout sends exactly what its own header needs", () => {
    expect([...layoutNamespaces()].sort()).toEqual([...namespaces("app/layout.tsx").needed].sort());
  });

  it.each(pages)("%s gives exactly the namespaces its client components use", (page) => {
    const { needed, given } = namespaces(page);
    const layout = layoutNamespaces();
    expect([...given].sort()).toEqual([...needed].filter((name) => !layout.has(name)).sort());
  });
});
