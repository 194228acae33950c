import { Redis, type RedisOptions } from "ioredis";
import { log } from "./log";

/** The two connections a node keeps to Redis: one for commands and publishing, one held in subscriber mode. */
export type RedisLink = {
  /** Commands and PUBLISH; fails at once while Redis is unreachable instead of queueing. */
  pub: Redis;
  /** SUBSCRIBE only (the adapter puts it in subscriber mode); resubscribes by itself after a reconnect. */
  sub: Redis;
  /** Whether Redis answers a PING within a second, on the command connection. */
  reachable: () => Promise<boolean>;
  /**
   * Waits until Redis has answered every command sent so far on the subscriber connection (it
   * answers a connection's commands in order), so the adapter's subscriptions are in place and
   * this node hears the others' broadcasts; false after `withinMs` while Redis is away.
   */
  subscribed: (withinMs: number) => Promise<boolean>;
  close: () => Promise<void>;
};

const PING_DEADLINE_MS = 1_000;

const common: RedisOptions = {
  // Reconnect for ever, at most every 2 s: an outage ends on its own, without a restart.
  retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
  // A command caught by a dropped connection fails after one retry rather than after twenty.
  maxRetriesPerRequest: 1,
};

/**
 * Connects to Redis without waiting: a node whose Redis is down still starts and serves its
 * own members. Errors never end the process; each outage is logged once, and its end too.
 */
export function connectRedis(url: string): RedisLink {
  // No offline queue for commands: while Redis is away, a publish or a limiter call must fail
  // now (the node then acts alone) rather than pile up and flood the others when it returns.
  const pub = new Redis(url, { ...common, enableOfflineQueue: false, connectionName: "study-circle" });
  const sub = new Redis(url, { ...common, connectionName: "study-circle-sub" });
  dropFailedPublishes(pub);
  watchOutages(url, pub, sub);
  return {
    pub,
    sub,
    reachable: () => answersPing(pub),
    subscribed: (withinMs) => pingAnswered(sub, withinMs),
    close: async () => {
      pub.disconnect();
      sub.disconnect();
    },
  };
}

/**
 * The Socket.IO adapter publishes without awaiting the result. While Redis is down those
 * publishes fail at once; unheard, each would be an unhandled rejection. They are dropped: the
 * members on this node got the broadcast locally, and those on other nodes catch up from the
 * event log when their page reconnects.
 */
function dropFailedPublishes(client: Redis): void {
  const publish = client.publish.bind(client) as (channel: string | Buffer, message: string | Buffer) => Promise<number>;
  client.publish = ((channel: string | Buffer, message: string | Buffer) => publish(channel, message).catch(() => 0)) as Redis["publish"];
}

function watchOutages(url: string, ...clients: Redis[]): void {
  let down = false;
  const where = redactedAddress(url);
  for (const client of clients) {
    client.on("error", (error: Error) => {
      if (down) return;
      down = true;
      log.error({ event: "redis.unreachable", redis: where, err: error }, "Redis is unreachable: this node serves only its own members until it returns");
    });
    client.on("ready", () => {
      if (!down || !clients.every((each) => each.status === "ready")) return;
      down = false;
      log.info({ event: "redis.recovered", redis: where }, "Redis is reachable again");
    });
  }
}

function answersPing(client: Redis): Promise<boolean> {
  if (client.status !== "ready") return Promise.resolve(false);
  return pingAnswered(client, PING_DEADLINE_MS);
}

/** Whether a PING sent now is answered within `withinMs`, the connection being made meanwhile if need be. */
async function pingAnswered(client: Redis, withinMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
  try {
    return await Promise.race([client.ping().then(() => true), deadline]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The address without its password, for logs. */
function redactedAddress(url: string): string {
  const parsed = new URL(url);
  parsed.password = parsed.password ? "***" : "";
  return parsed.toString();
}
