import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./app/i18n/request.ts");

const nextConfig: NextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["better-sqlite3", "@node-rs/argon2", "jsdom", "pino", "rate-limiter-flexible"],
  // A 20 MB document (PDF, EPUB, Word) and the form around it.
  experimental: { serverActions: { bodySizeLimit: "21mb" } },
};

export default withNextIntl(nextConfig);
