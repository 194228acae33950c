import type { LayerState, PendingOperation } from "@/lib/annotations/layer-state";

/**
 * What a member's browser keeps of one session, in localStorage, so a reload without a
 * network still shows everything they had seen and every change they had not yet sent.
 * Cleared on sign-out.
 */
export class OfflineStore {
  private readonly queueKey: string;
  private readonly layerKey: string;

  constructor(sessionId: string, userId: string) {
    this.queueKey = `study-circle:queue:${sessionId}:${userId}`;
    this.layerKey = `study-circle:layer:${sessionId}:${userId}`;
  }

  /** The unacknowledged operations, oldest first. */
  loadQueue(): PendingOperation[] {
    const stored = this.read(this.queueKey);
    return Array.isArray(stored) ? (stored as PendingOperation[]) : [];
  }

  /** Replaces the stored queue. */
  saveQueue(queue: readonly PendingOperation[]): void {
    this.write(this.queueKey, queue.length > 0 ? queue : null);
  }

  /** The last confirmed layer seen on this device, if any. */
  loadLayer(): LayerState | null {
    const stored = this.read(this.layerKey) as LayerState | null;
    return stored && typeof stored.lastSeq === "number" ? stored : null;
  }

  /** Remembers the confirmed layer. */
  saveLayer(layer: LayerState): void {
    this.write(this.layerKey, layer);
  }

  private read(key: string): unknown {
    try {
      return JSON.parse(window.localStorage.getItem(key) ?? "null") as unknown;
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Storage full or disabled: the data still lives in memory for this page.
    }
  }
}
