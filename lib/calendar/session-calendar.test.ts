import { describe, expect, it } from "vitest";
import { sessionCalendar, type CalendarSession } from "./session-calendar";

const words = { calendarName: "Study Circle", reading: (title: string) => `Reading: ${title}` };
const stamp = new Date("2026-11-30T10:00:00Z");

function session(overrides: Partial<CalendarSession> = {}): CalendarSession {
  return {
    id: "s1",
    groupId: "g1",
    groupName: "Night-shift readers",
    title: "Week 3",
    articleTitle: "Working hours, a history",
    scheduledAt: new Date("2026-12-06T18:30:00Z"),
    status: "planned",
    startedAt: null,
    endedAt: null,
    revision: 0,
    ...overrides,
  };
}

/** The calendar's lines, unfolded (RFC 5545 folds long lines with CRLF + space). */
function lines(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, "").split("\r\n");
}

describe("sessionCalendar", () => {
  it("writes one event per session, in UTC, with a stable UID and the session's address", () => {
    const text = lines(sessionCalendar([session()], { origin: "https://circle.example", words, stamp }));
    expect(text[0]).toBe("BEGIN:VCALENDAR");
    expect(text).toContain("METHOD:PUBLISH");
    expect(text).toContain("UID:s1@study-circle");
    expect(text).toContain("DTSTART:20261206T183000Z");
    expect(text).toContain("DTEND:20261206T200000Z");
    expect(text).toContain("SUMMARY:Week 3 · Night-shift readers");
    expect(text).toContain("URL;VALUE=URI:https://circle.example/groups/g1/sessions/s1");
    expect(text).toContain("SEQUENCE:0");
  });

  it("raises SEQUENCE when a session is moved, so calendars update the event rather than add one", () => {
    const text = lines(sessionCalendar([session({ revision: 2, scheduledAt: new Date("2026-12-07T17:00:00Z") })], { origin: "https://c.example", words, stamp }));
    expect(text).toContain("SEQUENCE:2");
    expect(text).toContain("DTSTART:20261207T170000Z");
  });

  it("shows a session that took place when it really started and ended", () => {
    const held = session({ status: "ended", startedAt: new Date("2026-12-06T18:41:00Z"), endedAt: new Date("2026-12-06T19:52:00Z") });
    const text = lines(sessionCalendar([held], { origin: "https://c.example", words, stamp }));
    expect(text).toContain("DTSTART:20261206T184100Z");
    expect(text).toContain("DTEND:20261206T195200Z");
  });

  it("escapes commas, semicolons and new lines in titles and keeps every line within 75 octets", () => {
    const text = sessionCalendar([session({ title: "Hours; overtime, and rest\nPart 2", articleTitle: "Ñandú — ".repeat(20) })], { origin: "https://c.example", words, stamp });
    expect(lines(text)).toContain("SUMMARY:Hours\\; overtime\\, and rest\\nPart 2 · Night-shift readers");
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
  });

  it("writes an empty but valid calendar when there is nothing to show", () => {
    const text = lines(sessionCalendar([], { origin: "https://c.example", words, stamp }));
    expect(text).toContain("BEGIN:VCALENDAR");
    expect(text).toContain("END:VCALENDAR");
    expect(text.some((line) => line === "BEGIN:VEVENT")).toBe(false);
  });
});
