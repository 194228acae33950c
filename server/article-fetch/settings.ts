import type { BlockList } from "node:net";
import { z } from "zod";
import { importLimits } from "../../lib/article/limits";
import { parseNetworkList } from "./address-policy";

/** The environment variables that shape fetching articles and images from the web; part of the server's configuration. */
export const articleFetchEnvironment = {
  /** Networks that are not public but may still be fetched from (tests serve pages on 127.0.0.1). Empty: none. */
  ARTICLE_FETCH_ALLOW_NETWORKS: z
    .string()
    .default("")
    .refine((spec) => {
      try {
        parseNetworkList(spec);
        return true;
      } catch {
        return false;
      }
    }, "must be a comma-separated list of networks, such as 127.0.0.0/8,::1"),
  /** How long one page fetch may take, redirects included, in milliseconds. */
  ARTICLE_FETCH_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(importLimits.fetchTimeoutMs),
};

/** What the fetcher needs to know from the environment. */
export type FetchSettings = { allowedNetworks: BlockList; timeoutMs: number };

/** Reads the fetch settings from the environment (already validated at boot by the server's configuration). */
export function fetchSettings(env: NodeJS.ProcessEnv = process.env): FetchSettings {
  const parsed = z.object(articleFetchEnvironment).parse(env);
  return { allowedNetworks: parseNetworkList(parsed.ARTICLE_FETCH_ALLOW_NETWORKS), timeoutMs: parsed.ARTICLE_FETCH_TIMEOUT_MS };
}
