import { minutesMarkdown } from "@/lib/review/minutes";
import { download, exportResponse, fileName, guestMark, minutesWords } from "@/server/review-exports";
import { loadSessionRecord, reviewEvents } from "@/db/review";
import { pollsFromEvents } from "@/lib/review/polls";

type Context = { params: Promise<{ groupId: string; sessionId: string }> };

/** The minutes of a session as a Markdown download (members of its group only). */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { groupId, sessionId } = await params;
  return exportResponse(groupId, async () => {
    const record = { ...(await loadSessionRecord(groupId, sessionId, await guestMark())), polls: pollsFromEvents(await reviewEvents(sessionId, { id: "", facilitator: false })) };
    const { labels, formatDate } = await minutesWords();
    return download(minutesMarkdown(record, labels, formatDate), fileName(`${record.session.title}-minutes`, "md"), "text/markdown");
  });
}
