import { buildSync } from "esbuild";

/** Compiles the offline service worker from TypeScript to public/sw.js (a generated file, not committed). */
buildSync({
  entryPoints: ["app/_live/service-worker.ts"],
  outfile: "public/sw.js",
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2022",
  logLevel: "warning",
});
