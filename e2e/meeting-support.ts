import { randomUUID } from "node:crypto";
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, Operation, ServerToClientEvents } from "../lib/protocol";
import { PROTOCOL_VERSION } from "../lib/protocol-constants";
import { demo, signIn } from "./support";

/** Ana (owner of the demo group) schedules a session on its sample article; returns the session's path, id and the join code its page shows. */
export async function scheduleDemoSession(page: Page, title: string): Promise<{ path: string; id: string; code: string }> {
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Schedule a session" }).click();
  await page.getByLabel("Session title").fill(title);
  await page.getByLabel("Article").selectOption({ label: "The Reading Room Down the Corridor" });
  await page.getByLabel("Date and time").fill("2030-02-03T19:00");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
  const line = await page.getByTestId("session-join-code").innerText();
  const code = /([A-Z0-9]{3} [A-Z0-9]{3})/.exec(line)?.[1];
  if (!code) throw new Error(`no join code in "${line}"`);
  const path = new URL(page.url()).pathname;
  return { path, id: path.split("/").at(-1)!, code };
}

/** A person's live connection opened by the test itself, with the cookies of their browser context: drives a session without its UI. */
export type LiveSocket = {
  /** Sends one operation and waits for the server to accept it (throws with the error code when refused). */
  operation(operation: Operation): Promise<void>;
  /** Starts or ends the session (facilitators). */
  setStatus(status: "live" | "ended"): Promise<void>;
  close(): void;
};

/** Connects as the person signed in to `context` and joins the session. */
export async function liveSocket(context: BrowserContext, baseURL: string, sessionId: string): Promise<LiveSocket> {
  const cookie = (await context.cookies(baseURL)).map((entry) => `${entry.name}=${entry.value}`).join("; ");
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(baseURL, {
    path: "/socket.io",
    transports: ["websocket"],
    auth: { protocolVersion: PROTOCOL_VERSION },
    extraHeaders: { cookie, origin: new URL(baseURL).origin },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  const ok = <T>(reply: { ok: true; data: T } | { ok: false; error: { code: string; message: string } }) => {
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  };
  ok(await socket.timeout(10_000).emitWithAck("session:join", { sessionId }));
  const clientOpId = () => randomUUID().replaceAll("-", "");
  return {
    async operation(operation) {
      ok(await socket.timeout(10_000).emitWithAck("session:operation", { sessionId, clientOpId: clientOpId(), operation }));
    },
    async setStatus(status) {
      ok(await socket.timeout(10_000).emitWithAck("session:setStatus", { sessionId, clientOpId: clientOpId(), status }));
    },
    close() {
      socket.disconnect();
    },
  };
}

/** A passage of the article shown on `page` (a session page), with its offsets in the canonical text. */
export async function passageOnPage(page: Page, exact: string): Promise<{ start: number; end: number; exact: string }> {
  await page.locator("[data-block-text]").first().waitFor();
  const text = await page.evaluate(() => [...document.querySelectorAll("[data-block-text]")].map((element) => element.textContent ?? "").join("\n\n"));
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`passage not in the article: ${exact}`);
  return { start, end: start + exact.length, exact };
}
