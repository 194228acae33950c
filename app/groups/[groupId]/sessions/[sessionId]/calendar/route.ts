import { calendarSession } from "@/db/calendar-feeds";
import { AppError } from "@/lib/errors";
import { calendarText } from "@/server/calendar-files";
import { download, exportResponse, fileName } from "@/server/review-exports";

type Context = { params: Promise<{ groupId: string; sessionId: string }> };

/** One session as a calendar file (.ics), for members of its group. */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const { groupId, sessionId } = await params;
  return exportResponse(groupId, async () => {
    const session = await calendarSession(sessionId);
    if (!session || session.groupId !== groupId) throw new AppError("NOT_FOUND", "This study session does not exist or you are not a member of its group.");
    return download(await calendarText([session]), fileName(session.title, "ics"), "text/calendar");
  });
}
