import { getFormatter, getTranslations } from "next-intl/server";
import { roleInGroup } from "../db/groups";
import { annotationKinds, type AnnotationKind } from "../lib/annotations/kinds";
import { AppError, toErrorBody } from "../lib/errors";
import type { MinutesLabels } from "../lib/review/minutes";
import type { Role } from "../lib/roles";
import { currentUser } from "./accounts/current-user";
import { log } from "./log";

/**
 * Runs an export for a member of the group: signed in, a member, and the session in that
 * group — anything else is answered with a plain refusal that says why (401/404), never data.
 */
export async function exportResponse(groupId: string, work: (context: { userId: string; role: Role }) => Promise<Response> | Response): Promise<Response> {
  try {
    const user = await currentUser();
    if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to export from Study Circle.");
    const role = await roleInGroup(groupId, user.id);
    if (!role) throw new AppError("NOT_FOUND", "This group does not exist or you are not a member of it, so nothing of it can be exported.");
    return await work({ userId: user.id, role });
  } catch (error) {
    if (!(error instanceof AppError)) log.error({ event: "export.failed", err: error }, "export failed");
    const body = toErrorBody(error);
    const status = body.code === "UNAUTHENTICATED" ? 401 : body.code === "NOT_FOUND" ? 404 : body.code === "FORBIDDEN" ? 403 : body.code === "INTERNAL" ? 500 : 400;
    return Response.json({ error: body }, { status, headers: { "Cache-Control": "no-store" } });
  }
}

/** A file name made of safe characters. */
export function fileName(title: string, extension: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase()
    .slice(0, 60);
  return `${base || "session"}.${extension}`;
}

/** A download response. */
export function download(body: string, name: string, type: string): Response {
  return new Response(body, { headers: { "Content-Type": `${type}; charset=utf-8`, "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" } });
}

/** The minutes' words and date format in the reader's language. */
export async function minutesWords(): Promise<{ labels: MinutesLabels; formatDate: (ms: number) => string; kinds: Record<AnnotationKind, string> }> {
  const [t, tKinds, format] = await Promise.all([getTranslations("minutes"), getTranslations("annotations.kinds"), getFormatter()]);
  const kinds = Object.fromEntries(annotationKinds.map((kind) => [kind, tKinds(kind)])) as Record<AnnotationKind, string>;
  const labels: MinutesLabels = {
    title: (session) => t("title", { session }),
    group: t("group"),
    article: t("article"),
    editions: t("editions"),
    date: t("date"),
    duration: (minutes) => t("duration", { minutes }),
    facilitator: t("facilitator"),
    participants: (count) => t("participants", { count }),
    nobody: t("nobody"),
    questions: t("questions"),
    questionStatus: { open: t("status.open"), answered: t("status.answered"), parked: t("status.parked") },
    noAnswers: t("noAnswers"),
    questionsRaised: t("questionsRaised"),
    polls: t("polls"),
    pollTally: (tally) => t("pollTally", tally),
    keyPassages: t("keyPassages"),
    noPassages: t("noPassages"),
    paragraph: (n) => t("paragraph", { n }),
    citation: (page, n) => t("citation", { page, n }),
    heading: t("heading"),
    kinds,
    discussion: t("discussion"),
    summary: (annotations, replies, messages) => t("summary", { annotations, replies, messages }),
    exported: t("exported"),
  };
  return { labels, formatDate: (ms) => format.dateTime(new Date(ms), { dateStyle: "full", timeStyle: "short" }), kinds };
}

/** How exports name a guest, in the reader's language: "Rosa (guest)". */
export async function guestMark(): Promise<(name: string) => string> {
  const t = await getTranslations("guests");
  return (name) => t("guestName", { name });
}
