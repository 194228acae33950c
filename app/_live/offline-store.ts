import type { LayerState, PendingOperation } from "@/lib/annotations/layer-state";

const DATABASE = "study-circle";
const SEEN = "seen";

/**
 * What a member's browser keeps of one session, so a reload without a network still shows
 * every change they had not yet sent and what they had seen. While online it writes only the
 * outbox: the unacknowledged operations, in localStorage, synchronously, so a change made just
 * before a reload is never lost (each resend carries its operation id, so it applies once).
 * When the connection drops it writes, once, the state seen until then with its cursor (the
 * last sequence number) to IndexedDB; a reload while offline shows that, with the outbox on
 * top. Nothing is rewritten as the layer changes. Cleared on sign-out (`forgetOfflineSessions`).
 */
export class OfflineStore {
  private readonly queueKey: string;
  private readonly seenKey: string;

  constructor(sessionId: string, userId: string) {
    this.queueKey = `study-circle:queue:${sessionId}:${userId}`;
    this.seenKey = `${sessionId}:${userId}`;
  }

  /** The unacknowledged operations, oldest first. */
  loadQueue(): PendingOperation[] {
    try {
      const stored = JSON.parse(window.localStorage.getItem(this.queueKey) ?? "null") as unknown;
      return Array.isArray(stored) ? (stored as PendingOperation[]) : [];
    } catch {
      return [];
    }
  }

  /** Replaces the stored queue (a few hundred bytes per queued change; nothing once all are sent). */
  saveQueue(queue: readonly PendingOperation[]): void {
    try {
      if (queue.length === 0) window.localStorage.removeItem(this.queueKey);
      else window.localStorage.setItem(this.queueKey, JSON.stringify(queue));
    } catch {
      // Storage full or disabled: the queue still lives in memory for this page.
    }
  }

  /** The state this device saw when it last lost the connection, if any. */
  async loadSeen(): Promise<LayerState | null> {
    try {
      const stored = await request<LayerState | undefined>((database) => database.transaction(SEEN).objectStore(SEEN).get(this.seenKey));
      return stored && typeof stored.lastSeq === "number" ? stored : null;
    } catch {
      return null;
    }
  }

  /** Forgets this session's outbox and the state seen. */
  async forget(): Promise<void> {
    window.localStorage.removeItem(this.queueKey);
    await this.forgetSeen();
  }

  /** Forgets the state seen, keeping the outbox. */
  async forgetSeen(): Promise<void> {
    try {
      await request((database) => database.transaction(SEEN, "readwrite").objectStore(SEEN).delete(this.seenKey));
    } catch {
      // No IndexedDB on this device: nothing was kept there.
    }
  }

  /** Remembers the state seen until now (called once as the connection drops). */
  async saveSeen(layer: LayerState): Promise<void> {
    try {
      await request((database) => database.transaction(SEEN, "readwrite").objectStore(SEEN).put(layer, this.seenKey));
    } catch {
      // Storage full or disabled: a reload while offline then shows the page as it was cached.
    }
  }
}

/**
 * Forgets what this device kept of one session — its outbox, the state seen, and the pages the
 * service worker kept under its address — once the member may no longer open it (removed from
 * the group, or a guest removed or whose session ended). Their unsent changes would be refused.
 */
export async function forgetOfflineSession(store: OfflineStore, sessionPath: string): Promise<void> {
  await forgetPages(sessionPath);
  await store.forget();
}

/**
 * Forgets the state seen and the pages kept of one session once the member's role changed: they
 * show what the old role could see (a demoted facilitator's hidden questions). The outbox stays —
 * its changes are the member's own, and the server judges them under the new role.
 */
export async function forgetWhatTheRoleShowed(store: OfflineStore, sessionPath: string): Promise<void> {
  await forgetPages(sessionPath);
  await store.forgetSeen();
}

async function forgetPages(sessionPath: string): Promise<void> {
  const registration = await navigator.serviceWorker?.getRegistration();
  registration?.active?.postMessage({ type: "forget-pages", path: sessionPath });
}

/** Forgets every session this device kept (signing out). */
export async function forgetOfflineSessions(): Promise<void> {
  for (const key of Object.keys(window.localStorage)) if (key.startsWith("study-circle:")) window.localStorage.removeItem(key);
  if (typeof indexedDB === "undefined") return;
  await new Promise<void>((resolve) => {
    const deletion = indexedDB.deleteDatabase(DATABASE);
    deletion.onsuccess = deletion.onerror = deletion.onblocked = () => resolve();
  });
}

let opened: Promise<IDBDatabase> | null = null;

function openDatabase(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(DATABASE, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore(SEEN);
    opening.onsuccess = () => {
      // Another tab signing out deletes the database: let it, and open it afresh next time.
      opening.result.onversionchange = () => {
        opening.result.close();
        opened = null;
      };
      resolve(opening.result);
    };
    opening.onerror = () => {
      opened = null;
      reject(opening.error ?? new Error("IndexedDB unavailable"));
    };
  });
  return opened;
}

async function request<T>(make: (database: IDBDatabase) => IDBRequest): Promise<T> {
  const database = await openDatabase();
  return new Promise<T>((resolve, reject) => {
    const pending = make(database);
    pending.onsuccess = () => resolve(pending.result as T);
    pending.onerror = () => reject(pending.error ?? new Error("IndexedDB request failed"));
  });
}
