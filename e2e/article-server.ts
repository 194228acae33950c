import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";

/** A small PNG (a warm gradient with a band), made here so the test needs no binary fixture. */
export function gradientPng(width = 640, height = 320): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const band = y > height * 0.62 && y < height * 0.7;
      row[1 + x * 3] = band ? 40 : 200 - Math.round((x / width) * 90);
      row[2 + x * 3] = band ? 60 : 140 + Math.round((y / height) * 60);
      row[3 + x * 3] = band ? 70 : 90 + Math.round((x / width) * 80);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.concat(rows))), chunk("IEND", Buffer.alloc(0))]);
}

/** A web server on 127.0.0.1 that plays the outside world for URL imports: a news page, an image, and misbehaving addresses. */
export async function startArticleServer(): Promise<{ origin: string; requests: string[]; close: () => Promise<void> }> {
  const page = readFileSync(path.join(import.meta.dirname, "../lib/article/fixtures/news-page.html"));
  const png = gradientPng();
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const url = request.url ?? "/";
    requests.push(url);
    if (url === "/ciudad/biblioteca") return response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
    if (url === "/media/2025/10/sala-de-lectura.jpg") return response.writeHead(200, { "content-type": "image/jpeg" }).end(png);
    if (url === "/loop") return response.writeHead(302, { location: "/loop-again" }).end();
    if (url === "/loop-again") return response.writeHead(302, { location: "/loop" }).end();
    if (url === "/slow") return; // never answers
    if (url === "/archive.zip") return response.writeHead(200, { "content-type": "application/zip" }).end(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    response.writeHead(404).end("not here");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
