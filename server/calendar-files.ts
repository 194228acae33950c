import { getTranslations } from "next-intl/server";
import { sessionCalendar, type CalendarSession } from "../lib/calendar/session-calendar";

/** The address links in calendar events point at: the configured public one, else the request's. */
export function publicOrigin(request: Request): string {
  return process.env.NEXTAUTH_URL ? new URL(process.env.NEXTAUTH_URL).origin : new URL(request.url).origin;
}

/** An iCalendar file of sessions, in the reader's language. */
export async function calendarText(sessions: CalendarSession[], request: Request): Promise<string> {
  const t = await getTranslations("calendar");
  return sessionCalendar(sessions, { origin: publicOrigin(request), words: { calendarName: t("feedName"), reading: (title) => t("reading", { title }) } });
}
