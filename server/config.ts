import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { articleFetchEnvironment } from "./article-fetch/settings";

const booleanFlag = z.enum(["0", "1", "true", "false", "yes", "no"], { message: "use true or false" }).transform((value) => value === "1" || value === "true" || value === "yes");

const webOrigin = z.string().transform((value, context) => {
  try {
    const url = new URL(value);
    if (url.protocol === "http:" || url.protocol === "https:") return url.origin;
  } catch {
    // reported below
  }
  context.addIssue({ code: "custom", message: `"${value}" is not an http(s) address` });
  return z.NEVER;
});

const originList = z.string().pipe(
  z.preprocess(
    (value) =>
      String(value)
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    z.array(webOrigin),
  ),
);

/** A URL whose scheme is one of `schemes`, kept as written (drivers read credentials and options from it). */
function serviceUrl(schemes: string[], example: string) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `use an address like ${example}` },
  );
}

const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ message: "use a port number from 1 to 65535" })
    .int("use a port number from 1 to 65535")
    .min(1, "use a port number from 1 to 65535")
    .max(65535, "use a port number from 1 to 65535")
    .default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  PUBLIC_URL: webOrigin.optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  SEED_DEMO: booleanFlag.default(true),
  TRUST_PROXY: booleanFlag.default(false),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  ALLOWED_ORIGINS: originList.default([]),
  DATABASE_URL: serviceUrl(["postgres:", "postgresql:"], "postgres://user:password@host:5432/study_circle").optional(),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int("use a whole number from 1 to 1000")
    .min(1, "use a whole number from 1 to 1000")
    .max(1000, "use a whole number from 1 to 1000")
    .default(10),
  REDIS_URL: serviceUrl(["redis:", "rediss:"], "redis://host:6379").optional(),
  MEDIA_DIR: z.string().min(1).optional(),
  ...articleFetchEnvironment,
});

/** Environment variables by name (process.env, or a plain object in tests). */
export type Environment = Record<string, string | undefined>;

/** The server's validated configuration, with every default filled in. */
export type ServerConfig = {
  dev: boolean;
  port: number;
  host: string;
  dataDir: string;
  databaseFile: string;
  publicUrl: string;
  /** Set when AUTH_SECRET is given; otherwise loadConfig generates one into DATA_DIR. */
  authSecret: string | undefined;
  seedDemo: boolean;
  /** Whether X-Forwarded-For names the client (only behind a reverse proxy you run). */
  trustProxy: boolean;
  logLevel: string;
  allowedOrigins: string[];
  /** PostgreSQL when set; the embedded SQLite file otherwise. */
  databaseUrl: string | undefined;
  databasePoolSize: number;
  /** Redis for the Socket.IO adapter and shared flood limits, when several nodes run. */
  redisUrl: string | undefined;
  /** Where uploaded and imported images live: a directory every node mounts. */
  mediaDir: string;
};

/** What reading the environment gave: a configuration, or every problem found, one line each. */
export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

/** Validates the environment without touching the disk; each problem names its variable. */
export function parseConfig(env: Environment): ConfigResult {
  // An empty variable (`PORT=`) means "not set", as in most shells' habits.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`) };
  }
  const vars = parsed.data;
  // Every node must sign and read the same cookies; a secret generated on one node's disk cannot be shared.
  if (vars.DATABASE_URL && !vars.AUTH_SECRET) {
    return {
      ok: false,
      problems: ["AUTH_SECRET: required when DATABASE_URL is set (use the same secret of at least 32 characters on every node, e.g. `openssl rand -base64 48`)"],
    };
  }
  const dataDir = path.resolve(vars.DATA_DIR);
  const displayHost = vars.HOST === "0.0.0.0" || vars.HOST === "::" ? "localhost" : vars.HOST;
  const publicUrl = vars.PUBLIC_URL ?? `http://${displayHost}:${vars.PORT}`;
  return {
    ok: true,
    config: {
      dev: vars.NODE_ENV === "development",
      port: vars.PORT,
      host: vars.HOST,
      dataDir,
      databaseFile: path.join(dataDir, "study-circle.sqlite"),
      publicUrl,
      authSecret: vars.AUTH_SECRET,
      seedDemo: vars.SEED_DEMO,
      trustProxy: vars.TRUST_PROXY,
      logLevel: vars.LOG_LEVEL,
      allowedOrigins: [...new Set([new URL(publicUrl).origin, ...vars.ALLOWED_ORIGINS])],
      databaseUrl: vars.DATABASE_URL,
      databasePoolSize: vars.DATABASE_POOL_SIZE,
      redisUrl: vars.REDIS_URL,
      mediaDir: path.resolve(vars.MEDIA_DIR ?? path.join(dataDir, "media")),
    },
  };
}

/** Thrown by loadConfig when the environment is invalid; its message lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Reads and validates the environment, creates DATA_DIR and fills in the auth secret
 * (generated once and kept in DATA_DIR). Throws a ConfigError naming every problem.
 */
export function loadConfig(env: Environment = process.env): ServerConfig & { authSecret: string } {
  const result = parseConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  const { config } = result;
  mkdirSync(config.dataDir, { recursive: true });
  mkdirSync(config.mediaDir, { recursive: true });
  return { ...config, authSecret: config.authSecret ?? persistentSecret(config.dataDir) };
}

/** Generated once and kept in DATA_DIR, so sessions survive restarts without any setup. */
function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32) return kept;
  }
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
