import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { ownPageUrl, warmUp } from "./warm-up";

describe("warming up at start", () => {
  it.each([
    [{ address: "0.0.0.0", family: "IPv4", port: 3000 }, "http://127.0.0.1:3000/sign-in"],
    [{ address: "::", family: "IPv6", port: 3000 }, "http://[::1]:3000/sign-in"],
    [{ address: "192.168.1.20", family: "IPv4", port: 8080 }, "http://192.168.1.20:8080/sign-in"],
    [{ address: "::1", family: "IPv6", port: 4000 }, "http://[::1]:4000/sign-in"],
  ])("reaches a server listening on %o at its own address", (address, url) => {
    expect(ownPageUrl(address)).toBe(url);
  });

  it("requests the page from the listening server and reads it to the end", async () => {
    const seen: string[] = [];
    const server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.end("<html>signed out</html>");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const errors: unknown[] = [];
    await warmUp(server.address() as AddressInfo, (error) => errors.push(error));
    server.close();
    expect(seen).toEqual(["GET /sign-in"]);
    expect(errors).toEqual([]);
  });

  it("reports a server it cannot reach instead of throwing", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const errors: unknown[] = [];
    await warmUp(address, (error) => errors.push(error));
    expect(errors).toHaveLength(1);
  });
});
