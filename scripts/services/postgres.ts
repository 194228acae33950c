import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Client } from "pg";
import { postgresBinDirectory } from "./binaries";
import { runToCompletion, startChild, type Child } from "./child";
import { makeTempDir, type TempDir } from "./cleanup";
import { freePort } from "./free-port";
import { waitUntil } from "./wait";

/** A throwaway PostgreSQL cluster of our own: its own directory, port and sockets. */
export type PostgresService = {
  /** postgres://study_circle:…@127.0.0.1:PORT/study_circle, the database the app is given. */
  url: string;
  port: number;
  /** Creates another database like the first (owned by study_circle, unaccent ready) and gives its URL. */
  createDatabase: (name: string) => Promise<string>;
  /** Shuts the server down, keeping its data: connections fail (refused) until resume(). */
  suspend: () => Promise<void>;
  /** Starts the suspended server again on the same port with the same data. */
  resume: () => Promise<void>;
  /** Shuts the server down (fast: open transactions roll back) and deletes its directory. */
  stop: () => Promise<void>;
};

/** The system user Debian's postgresql package creates; the server refuses to run as root. */
const SYSTEM_USER = "postgres";
const SUPERUSER = "postgres";
/** The database every cluster has, to connect to while creating the others. */
const MAINTENANCE_DATABASE = "postgres";
const APP_ROLE = "study_circle";
const APP_DATABASE = "study_circle";
const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

type Cluster = {
  bin: string;
  dir: TempDir;
  dataDir: string;
  port: number;
  password: string;
};

/**
 * Creates a cluster in a fresh temporary directory and starts it on a free loopback port, with
 * the study_circle role and database. The unix sockets live in that directory, so nothing
 * meets Debian's own cluster (/var/run/postgresql, port 5432) even if it runs.
 */
export async function startPostgres(): Promise<PostgresService> {
  const bin = postgresBinDirectory();
  const dir = makeTempDir("postgres", { owner: systemUserIds(SYSTEM_USER) });
  let server: Child | undefined;
  try {
    const cluster: Cluster = { bin, dir, dataDir: path.join(dir.path, "data"), port: await freePort(), password: randomBytes(18).toString("hex") };
    await initdb(cluster);
    server = await startServer(cluster);
    await asSuperuser(cluster, MAINTENANCE_DATABASE, (client) => client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD ${client.escapeLiteral(cluster.password)}`));
    return await service(cluster, server);
  } catch (error) {
    await server?.stop();
    dir.remove();
    throw error;
  }
}

async function service(cluster: Cluster, firstServer: Child): Promise<PostgresService> {
  let server = firstServer;
  const createDatabase = (name: string) => createAppDatabase(cluster, name);
  return {
    url: await createDatabase(APP_DATABASE),
    port: cluster.port,
    createDatabase,
    suspend: () => server.stop(),
    resume: async () => {
      if (server.running()) return;
      server = await startServer(cluster);
    },
    stop: async () => {
      await server.stop();
      cluster.dir.remove();
    },
  };
}

async function initdb(cluster: Cluster): Promise<void> {
  await runToCompletion({
    label: "initdb",
    command: path.join(cluster.bin, "initdb"),
    // Passwords are checked over TCP (as in production), while the harness itself administers
    // the cluster through the unix socket in our private directory.
    args: [
      "--pgdata",
      cluster.dataDir,
      "--username",
      SUPERUSER,
      "--auth-local=trust",
      "--auth-host=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C.UTF-8",
      "--no-sync",
      "--no-instructions",
    ],
    cwd: cluster.dir.path,
    user: SYSTEM_USER,
  });
}

/** Runs the server in the foreground as our child, so stopping it is a signal and a wait. */
async function startServer(cluster: Cluster): Promise<Child> {
  const server = startChild({
    label: "postgres",
    command: path.join(cluster.bin, "postgres"),
    args: ["-D", cluster.dataDir, "-p", String(cluster.port), "-k", cluster.dir.path, "-c", "listen_addresses=127.0.0.1"],
    cwd: cluster.dir.path,
    // SIGINT is PostgreSQL's fast shutdown, what `pg_ctl stop -m fast` sends.
    stopSignal: "SIGINT",
    user: SYSTEM_USER,
  });
  try {
    await waitUntil(`PostgreSQL on port ${cluster.port}`, () => acceptsQueries(cluster), { failed: server.failure });
    return server;
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function createAppDatabase(cluster: Cluster, name: string): Promise<string> {
  if (!DATABASE_NAME.test(name)) throw new Error(`"${name}" is not a plain database name (lower-case letters, digits and _)`);
  await asSuperuser(cluster, MAINTENANCE_DATABASE, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} OWNER ${APP_ROLE}`));
  // Created by the superuser so that the app's role never needs the right to create extensions.
  await asSuperuser(cluster, name, (client) => client.query("CREATE EXTENSION IF NOT EXISTS unaccent"));
  return `postgres://${APP_ROLE}:${cluster.password}@127.0.0.1:${cluster.port}/${name}`;
}

async function asSuperuser<T>(cluster: Cluster, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: cluster.dir.path, port: cluster.port, user: SUPERUSER, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function acceptsQueries(cluster: Cluster): Promise<boolean> {
  try {
    await asSuperuser(cluster, MAINTENANCE_DATABASE, (client) => client.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/** The uid and gid to hand the cluster's directory to, when we are root and must switch users. */
function systemUserIds(user: string): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, user], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}
