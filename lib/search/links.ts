/** What a link to a hit needs to know. */
export type HitPlace = {
  source: "article" | "annotation" | "reply" | "message" | "question" | "answer";
  groupId: string;
  articleId: string | null;
  sessionId: string | null;
  sessionStatus: "planned" | "live" | "ended" | null;
  locator: string;
  paragraph: number | null;
  blockId: string | null;
};

const focusKind: Record<HitPlace["source"], string> = { article: "block", annotation: "annotation", reply: "annotation", message: "message", question: "question", answer: "question" };

/**
 * Where a hit opens: article text at its paragraph; anything said in an ended session on its
 * review page, focused on the exact annotation, message or question; in a planned or live
 * session, the session page at the passage's paragraph.
 */
export function hitHref(hit: HitPlace): string {
  const anchor = hit.paragraph ? `#p-${hit.paragraph}` : hit.blockId ? `#${hit.blockId}` : "";
  if (hit.source === "article" || !hit.sessionId) return `/groups/${hit.groupId}/articles/${hit.articleId ?? ""}${anchor}`;
  const session = `/groups/${hit.groupId}/sessions/${hit.sessionId}`;
  if (hit.sessionStatus === "ended") return `${session}/review?focus=${focusKind[hit.source]}:${encodeURIComponent(hit.locator)}${anchor}`;
  return `${session}${anchor}`;
}
