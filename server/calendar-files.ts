import { getTranslations } from "next-intl/server";
import { sessionCalendar, type CalendarSession } from "../lib/calendar/session-calendar";
import { publicAddress } from "./public-url";

/** An iCalendar file of sessions, in the reader's language. */
export async function calendarText(sessions: CalendarSession[]): Promise<string> {
  const t = await getTranslations("calendar");
  return sessionCalendar(sessions, { origin: publicAddress(""), words: { calendarName: t("feedName"), reading: (title) => t("reading", { title }) } });
}
