import { roleInSession } from "@/db/guests";
import { annotationLayer } from "@/db/session-operations";
import { findSession } from "@/db/study-sessions";
import { packLayer } from "@/lib/annotations/compact-layer";
import { currentUser } from "@/server/accounts/current-user";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

/**
 * The session's annotation layer as the signed-in member, or an admitted guest of this very
 * session, may see it (shared annotations and their own private ones), packed. Anyone else,
 * a removed guest or one whose session ended included, gets NOT_FOUND. The session page paints
 * the article first and fetches this right after, so its HTML does not grow with the layer.
 */
export async function GET(_request: Request, { params }: Params): Promise<Response> {
  const { groupId, sessionId } = await params;
  const user = await currentUser();
  if (!user) return Response.json({ ok: false, error: { code: "UNAUTHENTICATED", message: "Sign in first." } }, { status: 401 });
  const session = await findSession(sessionId);
  const role = session?.groupId === groupId ? await roleInSession(session, user.id) : null;
  if (!session || !role) return Response.json({ ok: false, error: { code: "NOT_FOUND", message: "No such session." } }, { status: 404 });
  const layer = await annotationLayer(session.id, user.id);
  return Response.json(packLayer(layer), { headers: { "Cache-Control": "private, no-store" } });
}
