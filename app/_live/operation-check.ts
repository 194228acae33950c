import type { ErrorBody } from "@/lib/errors";
import type { OperationMessage } from "@/lib/protocol";
import { MAX_MESSAGE_BYTES } from "@/lib/protocol-constants";

type Protocol = typeof import("./protocol-checks");

let protocol: Protocol | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the protocol's zod schemas, once, when the page first needs them: as the member makes
 * a change, or as the connection drops (changes then wait in the outbox, and the server cannot
 * answer a bad one until it is back). They weigh about as much as the rest of the session
 * page's own script, and a member who only reads never needs them. This is the only way zod
 * reaches the browser (`client-imports.test.ts` holds to it), which is what keeps it jitless
 * everywhere. Offline, the import fails unless the service worker kept the chunk; a later
 * call tries again.
 */
export function loadOperationCheck(): void {
  if (protocol || loading) return;
  loading = import("./protocol-checks").then(
    (loaded) => {
      protocol = loaded;
      loading = null;
    },
    () => {
      loading = null;
    },
  );
}

/**
 * Why a change cannot be sent, or null if it can. Until the schemas have loaded only its size
 * is checked here; the server checks every change anyway and answers a bad one with its reason.
 */
export function checkOperation(message: OperationMessage): ErrorBody | null {
  if (protocol) {
    const parsed = protocol.operationMessageSchema.safeParse(message);
    if (!parsed.success) return { code: "BAD_REQUEST", message: parsed.error.issues[0]?.message ?? "Invalid change." };
  }
  if (new TextEncoder().encode(JSON.stringify(message)).length > MAX_MESSAGE_BYTES - 1024) return { code: "PAYLOAD_TOO_LARGE", message: "That is too long to send." };
  return null;
}
