import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * After `next build`: marks the scripts every page runs as it starts (the framework's, and each
 * page's and layout's own) with V8's compile hint `//# allFunctionsCalledOnLoad`. Chromium then
 * compiles their functions while the script downloads, on a background thread, instead of on
 * the main thread the first time each module runs — which made the page's start-up one task of
 * several hundred milliseconds on a slow phone. Scripts loaded later (a panel, the checks a change
 * goes through) are left as they are: most of their functions may never run. Other browsers
 * read the hint as a comment.
 */
const HINT = "//# allFunctionsCalledOnLoad\n";
const nextDir = path.resolve(import.meta.dirname, "../.next");

/** The scripts pages load as they start: the framework's (every page) and each page's and layout's entry chunks. */
export function startupScripts(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const scripts = new Set(manifest.rootMainFiles);
  for (const file of clientReferenceManifests(path.join(dir, "server/app"))) {
    const source = readFileSync(file, "utf8");
    const entries = /"entryJSFiles":(\{[^}]*\})/.exec(source)?.[1];
    if (!entries) continue;
    for (const chunks of Object.values(JSON.parse(entries) as Record<string, string[]>)) for (const chunk of chunks) scripts.add(chunk);
  }
  return [...scripts].filter((script) => script.endsWith(".js"));
}

function clientReferenceManifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return clientReferenceManifests(full);
    return entry.name.endsWith("_client-reference-manifest.js") ? [full] : [];
  });
}

/** Marks the start-up scripts of the build in `dir` (once: a second run finds them marked); returns how many it marked. */
export function markStartupScripts(dir: string): number {
  let marked = 0;
  for (const script of startupScripts(dir)) {
    const file = path.join(dir, script);
    const source = readFileSync(file, "utf8");
    if (source.startsWith(HINT)) continue;
    writeFileSync(file, HINT + source);
    marked++;
  }
  return marked;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`compile hints: ${markStartupScripts(nextDir)} start-up scripts marked`);
}
