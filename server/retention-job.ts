import { applyRetention } from "../db/retention";
import { log } from "./log";

/** How often retention runs: hourly, so a discussion goes within an hour of its day coming. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;

/** Runs every group's retention once, logging what it removed; a failure is logged and tried again next time. */
export async function runRetention(now = new Date()): Promise<void> {
  try {
    const sessions = await applyRetention(now);
    if (sessions > 0) log.info({ event: "retention.applied", sessions }, "removed old discussions under their groups' retention");
  } catch (error) {
    log.error({ event: "retention.failed", err: error }, "retention could not run");
  }
}

/** Applies retention at start and then every `intervalMs`; answers a function that stops it. */
export function startRetentionJob(intervalMs = RETENTION_INTERVAL_MS): () => void {
  void runRetention();
  const timer = setInterval(() => void runRetention(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
