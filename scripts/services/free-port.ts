import { createServer } from "node:net";

/**
 * A loopback TCP port nobody listens on right now. Another process may still take it before
 * the service binds it; the start then fails with the service's own "address in use" message.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
