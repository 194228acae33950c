/**
 * A client-side model of the server's per-member flood limit (60 messages per 10 seconds,
 * server/realtime/handle.ts), so the benchmark never trips it: a simulated member only sends
 * while it has points left in its current window. The model is conservative (fewer points, a
 * longer window) because the server's window starts when the first message arrives.
 */
export class FloodBudget {
  private readonly windows = new Map<string, { endsAt: number; used: number }>();

  constructor(
    private readonly points: number,
    private readonly windowMs: number,
  ) {}

  /** The budget for a server with the default limit, with a safety margin. */
  static forStudyCircle(): FloodBudget {
    return new FloodBudget(56, 11_000);
  }

  /** No limit (the bare server has none). */
  static unlimited(): FloodBudget {
    return new FloodBudget(Number.POSITIVE_INFINITY, 1);
  }

  /** Spends one point for a member if they have one left now; false when they must wait. */
  take(userId: string, now = performance.now()): boolean {
    let window = this.windows.get(userId);
    if (!window || now >= window.endsAt) {
      window = { endsAt: now + this.windowMs, used: 0 };
      this.windows.set(userId, window);
    }
    if (window.used >= this.points) return false;
    window.used += 1;
    return true;
  }

  /** Whether a member has a point left now (without spending it). */
  has(userId: string, now = performance.now()): boolean {
    const window = this.windows.get(userId);
    return !window || now >= window.endsAt || window.used < this.points;
  }
}
