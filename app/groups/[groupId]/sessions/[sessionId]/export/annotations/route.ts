import { toWebAnnotations } from "@/lib/review/web-annotation";
import { download, exportResponse, fileName, guestMark, minutesWords } from "@/server/review-exports";
import { publicUrl } from "@/server/public-url";
import { loadSessionRecord } from "@/db/review";

type Context = { params: Promise<{ groupId: string; sessionId: string }> };

/** The session's shared annotations and replies as W3C Web Annotation JSON-LD (members of its group only). */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { groupId, sessionId } = await params;
  return exportResponse(groupId, async () => {
    const record = await loadSessionRecord(groupId, sessionId, await guestMark());
    const { kinds } = await minutesWords();
    const base = publicUrl();
    const collection = toWebAnnotations(record, base, kinds);
    return download(
      JSON.stringify(collection, null, 2),
      fileName(`${record.session.title}-annotations`, "jsonld"),
      'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
    );
  });
}
