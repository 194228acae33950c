import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin({
  requestConfig: "./app/i18n/request.ts",
  // Messages are compiled once on the server (server/message-catalogues.ts), so the browser
  // formats them without shipping the ICU parser. The catalogues are read from disk, never
  // imported, so next-intl's catalogue loader for this path has nothing to do.
  experimental: { messages: { path: "./lib/i18n/messages", format: "json", locales: ["en", "es"], precompile: true } },
});

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "jsdom", "pino", "rate-limiter-flexible"],
  // A 20 MB document (PDF, EPUB, Word) and the form around it.
  experimental: { serverActions: { bodySizeLimit: "21mb" } },
};

export default withNextIntl(nextConfig);
