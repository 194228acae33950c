import type { AnnotationKind } from "../annotations/kinds";
import type { RecordPoll } from "./polls";
import { languageTag } from "../editions/editions";
import { editionPlacer, placeFinder, repliesByAnnotation, type Place, type SessionRecord } from "./session-record";

/** What the minutes are written from: the session's record and its polls. */
export type MinutesRecord = SessionRecord & { polls: RecordPoll[] };

/** The words minutes are written with, in the reader's language (the page passes translations). */
export type MinutesLabels = {
  title: (session: string) => string;
  group: string;
  article: string;
  /** The line listing the article's editions, in a session with several. */
  editions: string;
  date: string;
  duration: (minutes: number) => string;
  facilitator: string;
  participants: (count: number) => string;
  nobody: string;
  questions: string;
  questionStatus: Record<"open" | "answered" | "parked", string>;
  noAnswers: string;
  questionsRaised: string;
  polls: string;
  pollTally: (tally: RecordPoll["tally"]) => string;
  keyPassages: string;
  noPassages: string;
  paragraph: (n: number) => string;
  /** A paragraph of a document with pages, cited the way a printed copy is followed: "p. 14, ¶ 3". */
  citation?: (page: string, n: number) => string;
  heading: string;
  kinds: Record<AnnotationKind, string>;
  discussion: string;
  summary: (annotations: number, replies: number, messages: number) => string;
  exported: string;
};

/** Formats a moment for the minutes (the page passes the reader's locale and time zone). */
export type DateFormatter = (epochMs: number) => string;

/**
 * The minutes of a session as Markdown: header (group, article, date, facilitator, who took
 * part), the questions with their answers, the polls with their results, the questions raised in
 * the margin, the other key passages in reading order with paragraph
 * numbers and their threads, and the discussion thread when the session has one. In a session
 * with editions in several languages, each item says which it was made in ("ES") and is
 * numbered and ordered by the original's paragraph it is aligned with.
 */
export function minutesMarkdown(record: MinutesRecord, labels: MinutesLabels, formatDate: DateFormatter): string {
  const lines: string[] = [];
  const { session, article } = record;
  const original = placeFinder(record.blocks);
  const editions = editionPlacer(record);
  const place = (item: { start: number; end: number; edition?: string | null | undefined }) => {
    const at = editions.inOriginal(item);
    return at ? original(at.start) : null;
  };
  const threads = repliesByAnnotation(record.replies);

  lines.push(`# ${oneLine(labels.title(session.title))}`, "");
  lines.push(`- **${labels.group}:** ${oneLine(record.group.name)}`);
  const articleLine = article.sourceUrl ? `[${escapeInline(article.title)}](${article.sourceUrl})` : escapeInline(article.title);
  lines.push(`- **${labels.article}:** ${articleLine}${article.author ? ` — ${escapeInline(article.author)}` : ""}`);
  if (record.editions.length > 1) {
    lines.push(`- **${labels.editions}:** ${record.editions.map((edition) => `${languageTag(edition.language)} — ${escapeInline(edition.title)}`).join("; ")}`);
  }
  const when = session.startedAt ?? session.scheduledAt;
  const minutes = session.startedAt && session.endedAt ? Math.max(1, Math.round((session.endedAt - session.startedAt) / 60_000)) : null;
  lines.push(`- **${labels.date}:** ${formatDate(when)}${minutes ? ` (${labels.duration(minutes)})` : ""}`);
  lines.push(`- **${labels.facilitator}:** ${record.facilitator ? escapeInline(record.facilitator.name) : labels.nobody}`);
  const names = record.participants.map((person) => escapeInline(person.name)).join(", ");
  lines.push(`- **${labels.participants(record.participants.length)}:** ${names || labels.nobody}`, "");

  if (record.questions.length > 0) {
    lines.push(`## ${labels.questions}`, "");
    record.questions.forEach((question, index) => {
      lines.push(`### ${index + 1}. ${oneLine(question.text)} (${labels.questionStatus[question.status]})`, "");
      if (question.passage) lines.push(...quote(question.passage.exact, editions.tag(question.passage)), "");
      if (question.answers.length === 0) lines.push(`_${labels.noAnswers}_`, "");
      for (const answer of question.answers) lines.push(...bullet(answer.authorName, answer.body));
      lines.push("");
    });
  }

  if (record.polls.length > 0) {
    lines.push(`## ${labels.polls}`, "");
    for (const poll of record.polls) lines.push(...quote(poll.passage.exact, editions.tag(poll.passage)), "", `- ${labels.pollTally(poll.tally)}`, "");
  }

  const questionAnnotations = record.annotations.filter((annotation) => annotation.kind === "question");
  if (questionAnnotations.length > 0) {
    lines.push(`## ${labels.questionsRaised}`, "");
    for (const annotation of questionAnnotations) {
      const where = [cite(place(annotation), labels), editions.tag(annotation)].filter(Boolean).join(" · ");
      lines.push(`- ${where ? `${where} · ` : ""}**${escapeInline(annotation.authorName)}:** ${flatten(annotation.body) || oneLine(annotation.exact)}`);
      for (const reply of threads.get(annotation.id) ?? []) lines.push(`  - **${escapeInline(reply.authorName)}:** ${flatten(reply.body)}`);
    }
    lines.push("");
  }

  lines.push(`## ${labels.keyPassages}`, "");
  // Margin questions are listed once, above, with their threads.
  const passages = record.annotations.filter((annotation) => annotation.kind !== "question");
  if (passages.length === 0) lines.push(`_${labels.noPassages}_`, "");
  for (const annotation of passages) {
    const where = cite(place(annotation), labels) ?? labels.heading;
    const tag = editions.tag(annotation);
    lines.push(`### ${where} · ${labels.kinds[annotation.kind]} · ${escapeInline(annotation.authorName)}${tag ? ` · ${tag}` : ""}`, "");
    lines.push(...quote(annotation.exact), "");
    if (annotation.body) lines.push(annotation.body.trim(), "");
    const replies = threads.get(annotation.id) ?? [];
    for (const reply of replies) lines.push(...bullet(reply.authorName, reply.body));
    if (replies.length > 0) lines.push("");
  }

  if (record.messages.length > 0) {
    lines.push(`## ${labels.discussion}`, "");
    for (const message of record.messages) lines.push(...bullet(message.authorName, message.body));
    lines.push("");
  }

  lines.push("---", "", `_${labels.summary(record.annotations.length, record.replies.length, record.messages.length)} · ${labels.exported}_`, "");
  return lines.join("\n");
}

function cite(place: Place | null, labels: MinutesLabels): string | undefined {
  if (!place?.paragraph) return undefined;
  return place.page !== undefined && labels.citation ? labels.citation(place.page, place.paragraph) : labels.paragraph(place.paragraph);
}

/** A quoted passage; in a session with several editions, its first line starts with the language it was quoted in. */
function quote(text: string, tag: string | null = null): string[] {
  return text.split("\n").map((line, index) => {
    const words = index === 0 && tag ? `**${tag}** ${line}` : line;
    return words ? `> ${words}` : ">";
  });
}

/** A list item naming its author; further lines of the body are indented under it. */
function bullet(author: string, body: string): string[] {
  const [first = "", ...rest] = body.trim().split("\n");
  return [`- **${escapeInline(author)}:** ${first}`, ...rest.map((line) => (line ? `  ${line}` : ""))];
}

/** Member Markdown on one line (it stays Markdown). */
function flatten(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Plain text (titles, quotes) on one line, escaped. */
function oneLine(text: string): string {
  return escapeInline(flatten(text));
}

/** Escapes the characters that would change the meaning of names and titles in Markdown. */
function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, "\\$1");
}
