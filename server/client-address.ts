import type { IncomingMessage } from "node:http";

/** The request header in which the custom server tells the app who the client is. */
export const CLIENT_ADDRESS_HEADER = "x-study-circle-client";

/**
 * The client's network address, for rate limits. X-Forwarded-For is believed only behind a
 * reverse proxy you run (TRUST_PROXY), because anyone can send that header.
 */
export function clientAddress(request: Pick<IncomingMessage, "headers" | "socket">, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = request.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  return request.socket.remoteAddress ?? "unknown";
}

/** Stamps the client's address on the request, replacing whatever the client sent in that header. */
export function stampClientAddress(request: IncomingMessage, trustProxy: boolean): void {
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(request, trustProxy);
}
