import { databaseReachable } from "@/db/client";

export const dynamic = "force-dynamic";

/** Liveness and readiness: the server answers and the database responds. */
export async function GET(): Promise<Response> {
  if (!(await databaseReachable())) return Response.json({ ok: false, error: { code: "INTERNAL", message: "The database is not reachable." } }, { status: 503 });
  return Response.json({ ok: true });
}
