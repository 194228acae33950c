import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { findBinary } from "./binaries";
import { startChild, type Child } from "./child";
import { makeTempDir } from "./cleanup";
import { freePort } from "./free-port";
import { urlAnswers, waitUntil } from "./wait";

/** nginx running the committed deploy/nginx.conf in front of the given app nodes. */
export type NginxService = {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Shuts nginx down and deletes its directory. */
  stop: () => Promise<void>;
};

export const DEPLOY_CONFIG = path.resolve(import.meta.dirname, "../../deploy/nginx.conf");

const UPSTREAM_SERVER_LINE = /^([ \t]*)server[ \t]+[^\s;]+:\d+([^;\n]*);[^\n]*\n/gm;
const LISTEN_LINE = /^([ \t]*)listen[ \t][^;\n]*;[^\n]*\n/gm;

/**
 * Starts nginx in the foreground (no daemon, so stopping it is one signal) with its prefix, pid
 * file and temporary files in a fresh directory, on a free loopback port. Nothing is read from
 * /etc/nginx, so Debian's own nginx, running or not, is never involved.
 */
export async function startNginx(options: { upstreams: number[] }): Promise<NginxService> {
  const binary = findBinary("nginx", "nginx", ["/usr/sbin"]);
  // Workers run as nobody when we are root: they must reach the temporary files in here.
  const dir = makeTempDir("nginx", { mode: 0o755 });
  let server: Child | undefined;
  try {
    const port = await freePort();
    const site = renderDeployConfig(readFileSync(DEPLOY_CONFIG, "utf8"), { listenPort: port, upstreams: options.upstreams });
    writeFileSync(path.join(dir.path, "study-circle.conf"), site);
    writeFileSync(path.join(dir.path, "nginx.conf"), mainConfig());
    server = startChild({ label: "nginx", command: binary, args: ["-p", `${dir.path}/`, "-c", "nginx.conf", "-e", "stderr"], cwd: dir.path, stopSignal: "SIGTERM" });
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(`nginx on port ${port}`, () => urlAnswers(url), { failed: server.failure });
    const running = server;
    return {
      url,
      port,
      stop: async () => {
        await running.stop();
        dir.remove();
      },
    };
  } catch (error) {
    await server?.stop();
    dir.remove();
    throw error;
  }
}

/**
 * deploy/nginx.conf with its upstream servers replaced by 127.0.0.1 at the given ports (keeping
 * the first line's parameters) and its listen lines by one loopback listener; all else as committed.
 */
export function renderDeployConfig(template: string, options: { listenPort: number; upstreams: number[] }): string {
  if (options.upstreams.length === 0) throw new Error("nginx needs at least one upstream port");
  const withUpstreams = replaceLines(template, UPSTREAM_SERVER_LINE, "upstream server", (indent, parameters) =>
    options.upstreams.map((port) => `${indent}server 127.0.0.1:${port}${parameters};\n`).join(""),
  );
  return replaceLines(withUpstreams, LISTEN_LINE, "listen", (indent) => `${indent}listen 127.0.0.1:${options.listenPort};\n`);
}

/** Replaces the first line the pattern matches with `replacement` and deletes the other matches. */
function replaceLines(text: string, pattern: RegExp, what: string, replacement: (indent: string, rest: string) => string): string {
  let seen = 0;
  const result = text.replace(pattern, (_line, indent: string, rest: string | undefined) => {
    seen += 1;
    return seen === 1 ? replacement(indent, rest ?? "") : "";
  });
  if (seen === 0) throw new Error(`${DEPLOY_CONFIG} has no ${what} lines for the test harness to replace`);
  return result;
}

/** The main context Debian's /etc/nginx/nginx.conf would give, reduced to what a test needs. */
function mainConfig(): string {
  return `worker_processes 1;
daemon off;
pid nginx.pid;
error_log stderr warn;
events {
    worker_connections 512;
}
http {
    access_log off;
    client_body_temp_path client_body;
    proxy_temp_path proxy;
    fastcgi_temp_path fastcgi;
    uwsgi_temp_path uwsgi;
    scgi_temp_path scgi;
    include study-circle.conf;
}
`;
}
