import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator";

/** A study session as a calendar event needs it. */
export type CalendarSession = {
  id: string;
  groupId: string;
  groupName: string;
  title: string;
  articleTitle: string;
  scheduledAt: Date;
  status: "planned" | "live" | "ended";
  startedAt: Date | null;
  endedAt: Date | null;
  /** How many times the session was moved (the event's SEQUENCE). */
  revision: number;
};

/** A session has no planned length; calendars show this much until it has really ended. */
export const DEFAULT_SESSION_MINUTES = 90;

/** The words a calendar shows, in the member's language. */
export type CalendarWords = { calendarName: string; reading: (articleTitle: string) => string };

/**
 * An iCalendar (RFC 5545) file of study sessions. Every event keeps the session's id as its
 * UID and its move count as SEQUENCE, so a calendar that subscribed to the feed, or imported a
 * session's file, moves the event instead of adding a second one.
 */
export function sessionCalendar(sessions: CalendarSession[], options: { origin: string; words: CalendarWords; stamp?: Date }): string {
  const calendar = ical({ name: options.words.calendarName, prodId: { company: "Study Circle", product: "Study Circle", language: "EN" } });
  calendar.method(ICalCalendarMethod.PUBLISH);
  for (const session of sessions) {
    const url = `${options.origin}/groups/${session.groupId}/sessions/${session.id}`;
    const start = session.startedAt ?? session.scheduledAt;
    calendar.createEvent({
      id: `${session.id}@study-circle`,
      sequence: session.revision,
      stamp: options.stamp ?? new Date(),
      start,
      end: session.endedAt ?? new Date(start.getTime() + DEFAULT_SESSION_MINUTES * 60_000),
      summary: `${session.title} · ${session.groupName}`,
      description: `${options.words.reading(session.articleTitle)}\n${url}`,
      url,
      status: ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
