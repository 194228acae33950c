import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture } from "../../lib/article/fixtures";
import { importFailureReason } from "../../lib/article/import-failure.test-support";
import { parseNetworkList } from "./address-policy";
import { localiseImages } from "./localise-images";
import { readStoredImage } from "./media-store";
import { readSource } from "./read-source";

const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const settings = { allowedNetworks: parseNetworkList("127.0.0.0/8"), timeoutMs: 2000 };
const groupId = "6f1c2b9e-8a4d-4c1e-9f3a-2b7d5e8c1a04";
let server: Server;
let origin = "";
let dataDir = "";

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "sc-media-"));
  process.env.DATA_DIR = dataDir;
  server = createServer((request, response) => {
    if (request.url === "/article") return response.writeHead(200, { "content-type": "text/html" }).end(fixture("news-page.html"));
    if (request.url === "/notes.md") return response.writeHead(200, { "content-type": "text/markdown; charset=utf-8" }).end("# Notes\n\nOne paragraph here.");
    if (request.url === "/latin1")
      return response.writeHead(200, { "content-type": "text/plain; charset=iso-8859-1" }).end(Buffer.from([0x41, 0xf1, 0x6f, 0x20, 0x6e, 0x75, 0x65, 0x76, 0x6f, 0x2e]));
    if (request.url === "/pixel.png") return response.writeHead(200, { "content-type": "image/png" }).end(png);
    if (request.url === "/fake.png") return response.writeHead(200, { "content-type": "image/png" }).end("<svg onload=alert(1)>");
    if (request.url === "/photo.pdf") return response.writeHead(200, { "content-type": "application/pdf" }).end("%PDF-1.4");
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("readSource", () => {
  it("reads pasted plain text and Markdown, guessing which", async () => {
    expect((await readSource({ kind: "paste", text: "# Title\n\nSome **bold** text.", format: "auto" }, settings)).details.title).toBe("Title");
    expect((await readSource({ kind: "paste", text: "# Title\n\nSome text.", format: "plain" }, settings)).details.title).toBe("# Title");
  });

  it("refuses empty text, empty files, binary files, unknown types, damaged documents and files over 5 MB", async () => {
    expect(await importFailureReason(readSource({ kind: "paste", text: " \n\u200b", format: "auto" }, settings))).toBe("empty");
    expect(await importFailureReason(readSource({ kind: "file", name: "a.txt", bytes: new Uint8Array() }, settings))).toBe("empty");
    expect(await importFailureReason(readSource({ kind: "file", name: "scan.txt", bytes: new Uint8Array(200) }, settings))).toBe("notText");
    expect(await importFailureReason(readSource({ kind: "file", name: "a.pdf", bytes: new TextEncoder().encode("text") }, settings))).toBe("malformed");
    expect(await importFailureReason(readSource({ kind: "file", name: "a.doc", bytes: new TextEncoder().encode("text") }, settings))).toBe("unsupportedFile");
    expect(await importFailureReason(readSource({ kind: "file", name: "big.txt", bytes: new Uint8Array(50 * 1024 * 1024).fill(65) }, settings))).toBe("tooLarge");
  });

  it("reads an HTML file without its scripts and navigation", async () => {
    const result = await readSource({ kind: "file", name: "page.html", bytes: new TextEncoder().encode(fixture("news-page.html")) }, settings);
    expect(result.details.title).toBe("La biblioteca que no cerró");
    expect(result.blocks.map((block) => block.text).join(" ")).not.toMatch(/Deportes|Texto inyectado/);
  });

  it("reads a page from a URL, with its address as the source, and text in its declared charset", async () => {
    const page = await readSource({ kind: "url", url: `${origin}/article` }, settings);
    expect(page.details).toMatchObject({ title: "La biblioteca que no cerró", sourceName: "El Diario del Barrio", sourceUrl: `${origin}/article` });
    expect(page.blocks.find((block) => block.type === "image")!.image!.src).toBe(`${origin}/media/2025/10/sala-de-lectura.jpg`);
    const notes = await readSource({ kind: "url", url: `${origin}/notes.md` }, settings);
    expect(notes.details).toMatchObject({ title: "Notes", sourceName: "127.0.0.1", sourceUrl: `${origin}/notes.md` });
    expect((await readSource({ kind: "url", url: `${origin}/latin1` }, settings)).blocks[0]!.text).toBe("Año nuevo.");
  });

  it("refuses addresses that are not pages", async () => {
    expect(await importFailureReason(readSource({ kind: "url", url: `${origin}/photo.pdf` }, settings))).toBe("notAPage");
  });
});

describe("localiseImages", () => {
  const blocks = (src: string) => [
    { type: "image" as const, text: "", image: { src, alt: "A pixel" } },
    { type: "caption" as const, text: "The caption stays." },
  ];

  it("stores a fetched raster image under the group and serves it back", async () => {
    const result = await localiseImages(groupId, blocks(`${origin}/pixel.png`), "store", settings);
    expect(result).toMatchObject({ stored: 1, omitted: 0 });
    const src = result.blocks[0]!.image!.src;
    expect(src).toMatch(new RegExp(`^/groups/${groupId}/media/[0-9a-f]{64}\\.png$`));
    const stored = await readStoredImage(groupId, src.split("/").pop()!);
    expect(stored?.mime).toBe("image/png");
    expect(Buffer.compare(stored!.bytes, png)).toBe(0);
    expect(await readStoredImage(groupId, "../../auth-secret")).toBeUndefined();
  });

  it("stores data: images, keeps already stored ones, and drops what is not a raster image", async () => {
    const data = await localiseImages(groupId, blocks(`data:image/png;base64,${png.toString("base64")}`), "store", settings);
    expect(data.stored).toBe(1);
    const again = await localiseImages(groupId, data.blocks, "store", settings);
    expect(again.blocks).toEqual(data.blocks);
    const fake = await localiseImages(groupId, blocks(`${origin}/fake.png`), "store", settings);
    expect(fake).toMatchObject({ stored: 0, omitted: 1, blocks: [{ type: "caption", text: "The caption stays." }] });
  });

  it("never fetches from a private address that is not allowed, and leaves images out when asked", async () => {
    const refused = await localiseImages(groupId, blocks(`${origin}/pixel.png`), "store", { ...settings, allowedNetworks: parseNetworkList("") });
    expect(refused).toMatchObject({ stored: 0, omitted: 1 });
    const omitted = await localiseImages(groupId, blocks(`${origin}/pixel.png`), "omit", settings);
    expect(omitted.blocks.map((block) => block.type)).toEqual(["caption"]);
  });
});
