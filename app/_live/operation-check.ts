import type { ErrorBody } from "@/lib/errors";
import type { OperationMessage } from "@/lib/protocol";
import { MAX_MESSAGE_BYTES } from "@/lib/protocol-constants";

type Protocol = typeof import("./protocol-checks");

let protocol: Protocol | null = null;

/**
 * Loads the protocol's zod schemas once the page is idle. They check a change before it is
 * queued, and weigh more than the rest of the session page's own script, so they stay out of
 * what the page needs for its first paint. This is the only way zod reaches the browser
 * (`client-imports.test.ts` holds to it), which is what keeps it jitless everywhere.
 */
export function loadOperationCheck(): void {
  if (protocol) return;
  const load = () =>
    void import("./protocol-checks").then(
      (loaded) => {
        protocol = loaded;
      },
      () => undefined,
    );
  if ("requestIdleCallback" in window) window.requestIdleCallback(load, { timeout: 3000 });
  else setTimeout(load, 1000);
}

/**
 * Why a change cannot be sent, or null if it can. In the moment before the schemas have
 * loaded only its size is checked here; the server checks every change anyway and answers a
 * bad one with its reason.
 */
export function checkOperation(message: OperationMessage): ErrorBody | null {
  if (protocol) {
    const parsed = protocol.operationMessageSchema.safeParse(message);
    if (!parsed.success) return { code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid change." };
  }
  if (new TextEncoder().encode(JSON.stringify(message)).length > MAX_MESSAGE_BYTES - 1024) return { code: "PAYLOAD_TOO_LARGE", message: "That is too long to send." };
  return null;
}
