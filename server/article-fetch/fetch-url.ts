import { lookup } from "node:dns/promises";
import type { IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import { isIP, type BlockList, type LookupFunction } from "node:net";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Readable } from "node:stream";
import { importFailure } from "../../lib/article/import-failure";
import { mayConnectTo } from "./address-policy";

/** What a successful fetch returns: where it ended up, what it says it is, and the bytes. */
export type FetchedResource = { url: string; contentType: string; bytes: Uint8Array };

/** The bounds of one fetch. */
export type FetchOptions = {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  allowedNetworks: BlockList;
  accept: string;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * Fetches a URL for import the careful way: http and https only; every hop's host is resolved
 * and refused when any of its addresses is not public (unless configured networks allow it);
 * the connection is pinned to the address that was checked, so a second DNS answer cannot
 * point it elsewhere; redirects are followed by hand and counted; one deadline covers
 * everything; the body is capped after decompression. Failures are import failures with a reason.
 */
export async function fetchUrl(rawUrl: string, options: FetchOptions): Promise<FetchedResource> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = parseHttpUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const address = await withDeadline(resolveAllowed(url, options.allowedNetworks), signal, options.timeoutMs);
    const response = await withDeadline(request(url, address, options.accept, signal), signal, options.timeoutMs);
    const status = response.statusCode ?? 0;
    if (REDIRECTS.has(status)) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw importFailure("httpStatus", `The page answered ${status} without saying where to go.`, { status });
      if (hop >= options.maxRedirects) throw importFailure("tooManyRedirects", `The page redirected more than ${options.maxRedirects} times.`);
      url = parseHttpUrl(new URL(location, url).toString());
      continue;
    }
    if (status < 200 || status > 299) {
      response.resume();
      throw importFailure("httpStatus", `The page answered with status ${status}.`, { status });
    }
    const declared = Number(response.headers["content-length"] ?? "0");
    const encoded = response.headers["content-encoding"];
    if (!encoded && declared > options.maxBytes) {
      response.destroy();
      throw tooLarge(options.maxBytes);
    }
    const bytes = await withDeadline(readCapped(decoded(response), options.maxBytes), signal, options.timeoutMs);
    return { url: url.toString(), contentType: String(response.headers["content-type"] ?? ""), bytes };
  }
}

/** Parses a URL a person typed, accepting only http and https. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw importFailure("urlInvalid", "That is not a web address.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw importFailure("urlScheme", "Only http and https addresses can be imported.");
  if (url.username || url.password) throw importFailure("urlInvalid", "Addresses with a user name or password cannot be imported.");
  return url;
}

async function resolveAllowed(url: URL, allowed: BlockList): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw importFailure("dnsFailed", `The host ${host} could not be found.`, { host });
    }
  }
  if (addresses.length === 0) throw importFailure("dnsFailed", `The host ${host} could not be found.`, { host });
  if (!addresses.every((entry) => mayConnectTo(entry.address, allowed))) {
    throw importFailure("privateAddress", `${host} is on a private, local or reserved network, which imports may not reach.`, { host });
  }
  return addresses[0]!;
}

function request(url: URL, pinned: { address: string; family: number }, accept: string, signal: AbortSignal): Promise<IncomingMessage> {
  const pinnedLookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if ((lookupOptions as { all?: boolean }).all) (callback as (error: null, addresses: { address: string; family: number }[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: "GET",
        agent: false,
        lookup: pinnedLookup,
        signal,
        headers: {
          "user-agent": "StudyCircle/0.1 (article import for a study group)",
          accept,
          "accept-encoding": "gzip, deflate, br",
          "accept-language": "es, en;q=0.8, *;q=0.5",
        },
      },
      resolve,
    );
    outgoing.on("error", (error) => reject(signal.aborted ? timeout() : importFailure("connection", `The page could not be reached (${(error as NodeJS.ErrnoException).code ?? error.message}).`)));
    outgoing.end();
  });
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
  if (encoding === "gzip" || encoding === "x-gzip") return response.pipe(createGunzip());
  if (encoding === "deflate") return response.pipe(createInflate());
  if (encoding === "br") return response.pipe(createBrotliDecompress());
  return response;
}

async function readCapped(stream: Readable, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > maxBytes) {
        stream.destroy();
        throw tooLarge(maxBytes);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if ((error as { code?: string }).code === "IMPORT_FAILED") throw error;
    throw importFailure("connection", "The page stopped answering halfway or sent data that could not be decoded.");
  }
  return new Uint8Array(Buffer.concat(chunks));
}

// Each awaited step also races the shared deadline, so a slow DNS answer or a server that
// sends headers and then stalls both end as a timeout.
function withDeadline<T>(work: Promise<T>, signal: AbortSignal, timeoutMs: number): Promise<T> {
  if (signal.aborted) return Promise.reject(timeout(timeoutMs));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timeout(timeoutMs));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? timeout(timeoutMs) : error);
      },
    );
  });
}

function timeout(timeoutMs?: number) {
  return importFailure("timeout", `The page did not answer within ${Math.round((timeoutMs ?? 0) / 1000)} seconds.`, timeoutMs ? { seconds: Math.round(timeoutMs / 1000) } : {});
}

function tooLarge(maxBytes: number) {
  return importFailure("tooLarge", `The page is larger than ${Math.round(maxBytes / (1024 * 1024))} MB.`, { megabytes: Math.round(maxBytes / (1024 * 1024)) });
}
