import { request } from "node:http";
import { connect } from "node:net";

export type WaitOptions = {
  timeoutMs?: number;
  /** A reason to stop waiting early, such as the service's process having exited. */
  failed?: () => string | undefined;
};

const POLL_MS = 50;

/** Polls `ready` until it answers true; throws when `failed` gives a reason or time runs out. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = options.failed?.();
    if (failure) throw new Error(`gave up waiting for ${what}: ${failure}`);
    if (await ready()) return;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}: no answer after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Whether something accepts TCP connections on the port. */
export function portAccepts(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const settle = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(1000, () => settle(false));
    socket.once("connect", () => settle(true));
    socket.once("error", () => settle(false));
  });
}

/** Whether the URL gives any HTTP response at all (a 502 counts: the server itself answered). */
export function urlAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = request(url, { method: "GET", timeout: 1000 }, (response) => {
      response.resume();
      resolve(true);
    });
    probe.once("timeout", () => probe.destroy());
    probe.once("error", () => resolve(false));
    probe.end();
  });
}
