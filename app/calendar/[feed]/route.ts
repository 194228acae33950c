import { calendarFeedOwner, calendarSessionsFor } from "@/db/calendar-feeds";
import { calendarText } from "@/server/calendar-files";

type Context = { params: Promise<{ feed: string }> };

/**
 * A member's private calendar feed (`/calendar/<secret>.ics`): the sessions of all their groups,
 * for calendar apps that subscribe without signing in. The secret is the only key, so an
 * unknown or revoked one gets the same 404 as a made-up one.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  const token = (await params).feed.replace(/\.ics$/, "");
  const userId = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await calendarFeedOwner(token) : undefined;
  if (!userId) return new Response("This calendar address does not exist or was replaced by a new one.", { status: 404, headers: { "Cache-Control": "no-store" } });
  return new Response(await calendarText(await calendarSessionsFor(userId)), {
    headers: { "Content-Type": "text/calendar; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" },
  });
}
