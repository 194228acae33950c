import type { IncomingMessage } from "node:http";

/**
 * Whether a socket connection may proceed, judged by its Origin header. CORS does not
 * protect WebSockets, so a page on another site must be refused here. Requests without an
 * Origin are not cross-site browser requests (browsers always send it cross-origin).
 */
export function originAllowed(request: Pick<IncomingMessage, "headers">, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowedOrigins.includes(parsed.origin)) return true;
  return parsed.host === request.headers.host;
}
