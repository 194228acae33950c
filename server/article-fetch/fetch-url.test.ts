import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importFailureReason } from "../../lib/article/import-failure.test-support";
import { isPublicAddress, mayConnectTo, parseNetworkList } from "./address-policy";
import { fetchUrl, type FetchOptions } from "./fetch-url";

let server: Server;
let base = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? "/";
    if (path === "/page") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<p>Hola</p>");
    if (path === "/gzip") return response.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" }).end(gzipSync("squeezed text"));
    if (path === "/loop") return response.writeHead(302, { location: "/loop" }).end();
    if (path === "/hop") return response.writeHead(301, { location: "/page" }).end();
    if (path === "/to-v6-loopback") return response.writeHead(302, { location: "http://[::1]:9/page" }).end();
    if (path === "/missing") return response.writeHead(404).end("no");
    if (path === "/slow") return; // never answers
    if (path === "/stall") {
      response.writeHead(200, { "content-type": "text/html" });
      response.write("<p>start");
      return; // headers, then nothing
    }
    if (path === "/huge") {
      response.writeHead(200, { "content-type": "text/html" });
      const chunk = "x".repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 40 && response.write(chunk)) sent++;
        if (sent < 40) response.once("drain", pump);
        else response.end();
      };
      return pump();
    }
    response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const options = (overrides: Partial<FetchOptions> = {}): FetchOptions => ({
  timeoutMs: 2000,
  maxBytes: 1024 * 1024,
  maxRedirects: 5,
  allowedNetworks: parseNetworkList("127.0.0.0/8"),
  accept: "text/html",
  ...overrides,
});

describe("fetchUrl", () => {
  it("fetches a page from an allowed network, following a redirect", async () => {
    const page = await fetchUrl(`${base}/hop`, options());
    expect(page.url).toBe(`${base}/page`);
    expect(page.contentType).toBe("text/html; charset=utf-8");
    expect(new TextDecoder().decode(page.bytes)).toBe("<p>Hola</p>");
  });

  it("decompresses", async () => {
    expect(new TextDecoder().decode((await fetchUrl(`${base}/gzip`, options())).bytes)).toBe("squeezed text");
  });

  it("refuses loopback and private addresses unless configured", async () => {
    expect(await importFailureReason(fetchUrl(`${base}/page`, options({ allowedNetworks: parseNetworkList("") })))).toBe("privateAddress");
    expect(await importFailureReason(fetchUrl("http://localhost:1/page", options({ allowedNetworks: parseNetworkList("") })))).toBe("privateAddress");
    expect(await importFailureReason(fetchUrl(`${base}/to-v6-loopback`, options()))).toBe("privateAddress");
  });

  it("refuses other schemes and malformed addresses", async () => {
    expect(await importFailureReason(fetchUrl("ftp://example.org/file.txt", options()))).toBe("urlScheme");
    expect(await importFailureReason(fetchUrl("javascript:alert(1)", options()))).toBe("urlScheme");
    expect(await importFailureReason(fetchUrl("file:///etc/passwd", options()))).toBe("urlScheme");
    expect(await importFailureReason(fetchUrl("not a url", options()))).toBe("urlInvalid");
    expect(await importFailureReason(fetchUrl("http://user:pw@127.0.0.1/", options()))).toBe("urlInvalid");
  });

  it("stops redirect loops", async () => {
    expect(await importFailureReason(fetchUrl(`${base}/loop`, options()))).toBe("tooManyRedirects");
  });

  it("times out on a server that never answers, or stalls in the middle", async () => {
    const started = Date.now();
    expect(await importFailureReason(fetchUrl(`${base}/slow`, options({ timeoutMs: 600 })))).toBe("timeout");
    expect(await importFailureReason(fetchUrl(`${base}/stall`, options({ timeoutMs: 600 })))).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("caps the size", async () => {
    expect(await importFailureReason(fetchUrl(`${base}/huge`, options({ maxBytes: 256 * 1024 })))).toBe("tooLarge");
  });

  it("reports HTTP errors with their status", async () => {
    expect(await importFailureReason(fetchUrl(`${base}/missing`, options()))).toBe("httpStatus");
  });
});

describe("address policy", () => {
  it.each(["10.1.2.3", "172.20.0.1", "192.168.1.1", "127.0.0.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:7f00:1", "64:ff9b::a00:1"])(
    "%s is not public",
    (address) => expect(isPublicAddress(address)).toBe(false),
  );
  it.each(["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111", "::ffff:93.184.216.34"])("%s is public", (address) => expect(isPublicAddress(address)).toBe(true));
  it("lets configured networks through and nothing else", () => {
    const allowed = parseNetworkList("127.0.0.0/8, ::1");
    expect(mayConnectTo("127.0.0.5", allowed)).toBe(true);
    expect(mayConnectTo("::1", allowed)).toBe(true);
    expect(mayConnectTo("10.0.0.1", allowed)).toBe(false);
    expect(() => parseNetworkList("nonsense")).toThrow();
  });
});
