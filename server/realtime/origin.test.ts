import { describe, expect, it } from "vitest";
import { originAllowed } from "./origin";

const allowed = ["https://circle.example.org", "http://localhost:3000"];
const request = (headers: Record<string, string>) => ({ headers });

describe("originAllowed", () => {
  it.each([
    ["the public address", { origin: "https://circle.example.org", host: "circle.example.org" }],
    ["an extra allowed origin", { origin: "http://localhost:3000", host: "circle.example.org" }],
    ["the host the request was sent to", { origin: "http://192.168.1.20:3000", host: "192.168.1.20:3000" }],
    ["no Origin at all (not a browser page on another site)", { host: "circle.example.org" }],
  ])("allows %s", (_name, headers) => {
    expect(originAllowed(request(headers), allowed)).toBe(true);
  });

  it.each([
    ["another site", { origin: "https://evil.example", host: "circle.example.org" }],
    ["a look-alike subdomain", { origin: "https://circle.example.org.evil.example", host: "circle.example.org" }],
    ["the right host on another port", { origin: "https://circle.example.org:8443", host: "circle.example.org" }],
    ["http instead of https", { origin: "http://circle.example.org:443", host: "localhost:3000" }],
    ["a sandboxed page (Origin: null)", { origin: "null", host: "circle.example.org" }],
    ["garbage", { origin: "not a url", host: "circle.example.org" }],
  ])("refuses %s", (_name, headers) => {
    expect(originAllowed(request(headers), allowed)).toBe(false);
  });
});
