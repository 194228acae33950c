import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { closeDatabaseForShutdown, migrateDatabase } from "../db/client";
import { demoAccounts, seedDemo } from "../db/demo/seed";
import { startSearchIndexer } from "../db/search-index";
import { hashPassword } from "./accounts/password";
import { stampClientAddress } from "./client-address";
import { ConfigError, loadConfig, type ServerConfig } from "./config";
import { log } from "./log";
import { attachRealtime } from "./realtime";
import { announceGuests } from "./realtime/guest-handlers";
import { closeAuthSessions } from "./realtime/authenticate";
import { tellInboxes } from "./realtime/inbox";
import { changeRoleLive, evictFromGroup } from "./realtime/session-handlers";
import { sessionWrites } from "./realtime/write-batch";
import { connectRedis } from "./redis";
import { lendToRoutes } from "./route-bridge";
import { startRetentionJob } from "./retention-job";
import { applySecurityHeaders } from "./security-headers";
import { warmUp } from "./warm-up";

const startedAt = performance.now();
const config = configOrExit();

// next-auth and the database module read these; they are derived from the validated config.
process.env.DATA_DIR = config.dataDir;
process.env.NEXTAUTH_URL = config.publicUrl;
process.env.NEXTAUTH_SECRET = config.authSecret;
process.env.MEDIA_DIR = config.mediaDir;

await migrateDatabase();
const seeded = config.seedDemo && (await seedDemo(hashPassword));
// Search indexing runs beside the writes, not in them: it catches up at once with whatever was
// noted before this start, then follows within about a second.
const searchIndexer = startSearchIndexer({ onError: (error) => log.error({ event: "search.index_failed", err: error }, "search indexing failed; it retries within a second") });
sessionWrites.afterCommit((changes) => searchIndexer.nudge(changes));

const nextApp = next({ dev: config.dev, hostname: config.host, port: config.port });
await nextApp.prepare();
const handleRequest = nextApp.getRequestHandler();

const httpServer = createServer((request, response) => {
  stampClientAddress(request, config.trustProxy);
  applySecurityHeaders(request, response, config.dev);
  void handleRequest(request, response);
});
const redis = config.redisUrl ? connectRedis(config.redisUrl) : undefined;
const io = attachRealtime(httpServer, { authSecret: config.authSecret, allowedOrigins: config.allowedOrigins, publicUrl: config.publicUrl, redis });
lendToRoutes({
  redisReachable: redis?.reachable,
  evictFromGroup: (groupId, userId) => evictFromGroup(io, groupId, userId),
  changeRoleLive: (groupId, userId, role) => changeRoleLive(io, { groupId, userId, role }),
  announceGuests: async (sessionId) => void (await announceGuests(io, sessionId)),
  closeLiveSessions: async (authSessionIds) => closeAuthSessions(io, authSessionIds),
  tellInboxes: (news) => tellInboxes(io, news),
});

const stopRetention = startRetentionJob();
// Sockets accepted before this node's subscriptions are in place would miss the other nodes'
// broadcasts; with Redis away the node starts alone after the wait, as it would run alone.
if (redis) await redis.subscribed(5_000);

httpServer.listen(config.port, config.host, () => {
  log.info({ event: "server.listening", url: config.publicUrl, dataDir: config.dataDir, startupMs: Math.round(performance.now() - startedAt) }, "Study Circle is running");
  printWelcome(seeded);
  if (!config.dev) void warmUp(httpServer.address() as AddressInfo, (error) => log.warn({ event: "server.warm_up_failed", err: error }, "the first page render at start failed; the first visitor renders it instead"));
});

/** The validated configuration; on invalid settings, says which and exits before doing anything. */
function configOrExit(): ServerConfig & { authSecret: string } {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    log.fatal({ event: "server.config_invalid", problems: error.problems }, "invalid configuration");
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

function printWelcome(seededNow: boolean): void {
  const lines = [``, `  Study Circle is running at ${config.publicUrl}`, `  Data directory: ${config.dataDir}`];
  if (config.seedDemo) {
    lines.push(seededNow ? `  Demo data was seeded. Demo logins:` : `  Demo logins (if the demo data is still there):`);
    for (const account of demoAccounts) lines.push(`    ${account.username} / ${account.password}   (${account.role})`);
  }
  process.stdout.write(`${lines.join("\n")}\n\n`);
}

let stopping = false;
function shutdown(signal: string): void {
  if (stopping) return;
  stopping = true;
  log.info({ event: "server.stopping", signal }, "shutting down");
  stopRetention();
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  void io.close(() => {
    void Promise.allSettled([
      redis?.close(),
      searchIndexer
        .stop()
        .catch((error: unknown) => log.error({ event: "search.stop_failed", err: error }, "the search indexer did not stop cleanly"))
        .then(closeDatabaseForShutdown),
    ]).then((results) => {
      const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
      for (const failure of failures) log.error({ event: "server.stop_failed", err: failure }, "a part did not stop cleanly");
      if (failures.length === 0) log.info({ event: "server.stopped" }, "stopped cleanly");
      process.exit(failures.length === 0 ? 0 : 1);
    });
  });
  httpServer.closeAllConnections();
}

process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("unhandledRejection", (reason) => log.error({ event: "server.unhandled_rejection", err: reason }, "unhandled rejection"));
