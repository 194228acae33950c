import { databaseReachable } from "@/db/client";
import { redisStatus } from "@/server/route-bridge";

export const dynamic = "force-dynamic";

/**
 * Liveness and readiness for a load balancer: 200 while the database answers and Redis (when
 * configured) does too; 503 naming each part that does not, so an operator sees which is down.
 */
export async function GET(): Promise<Response> {
  const [database, redis] = await Promise.all([databaseReachable(), redisStatus()]);
  const failing = [...(database ? [] : ["database"]), ...(redis === "down" ? ["redis"] : [])];
  if (failing.length === 0) return Response.json({ ok: true, database: "up", redis });
  const message = `Not reachable: ${failing.join(" and ")}.`;
  return Response.json({ ok: false, error: { code: "UNAVAILABLE", message }, failing }, { status: 503 });
}
