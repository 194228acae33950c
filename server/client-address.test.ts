import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { clientAddress, CLIENT_ADDRESS_HEADER, stampClientAddress } from "./client-address";

const request = (headers: Record<string, string>, remoteAddress = "10.0.0.7") =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe("clientAddress", () => {
  it("uses the connection's address and ignores X-Forwarded-For by default (anyone can send it)", () => {
    expect(clientAddress(request({ "x-forwarded-for": "1.2.3.4" }), false)).toBe("10.0.0.7");
  });

  it("believes the first X-Forwarded-For entry behind a trusted proxy", () => {
    expect(clientAddress(request({ "x-forwarded-for": "1.2.3.4, 10.0.0.1" }), true)).toBe("1.2.3.4");
    expect(clientAddress(request({}), true)).toBe("10.0.0.7");
  });

  it("overwrites a forged stamp header", () => {
    const forged = request({ [CLIENT_ADDRESS_HEADER]: "8.8.8.8" });
    stampClientAddress(forged, false);
    expect(forged.headers[CLIENT_ADDRESS_HEADER]).toBe("10.0.0.7");
  });
});
