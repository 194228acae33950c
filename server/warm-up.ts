import type { AddressInfo } from "node:net";

/** The page rendered once at start: public, read-only, and drawn with the same layout and React code as every other page. */
const WARM_UP_PATH = "/sign-in";

/**
 * Where this server can reach itself: a wildcard address (listening on every interface)
 * becomes the loopback address of its family.
 */
export function ownPageUrl(address: AddressInfo, path = WARM_UP_PATH): string {
  if (address.family === "IPv6") {
    const host = address.address === "::" ? "::1" : address.address;
    return `http://[${host}]:${address.port}${path}`;
  }
  const host = address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  return `http://${host}:${address.port}${path}`;
}

/**
 * Renders one page as soon as the server listens. A fresh process's first page takes about half
 * a second on a 2-core machine (Next's and React's code run for the first time), later ones tens
 * of milliseconds; this way the first member after a restart does not pay for it. A failure is
 * reported and otherwise ignored: the server serves as it would have.
 */
export async function warmUp(address: AddressInfo, onError: (error: unknown) => void): Promise<void> {
  try {
    const response = await fetch(ownPageUrl(address), { signal: AbortSignal.timeout(30_000), redirect: "manual" });
    await response.arrayBuffer();
  } catch (error) {
    onError(error);
  }
}
