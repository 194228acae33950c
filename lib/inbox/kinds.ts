/**
 * What a member's inbox tells them about: someone replied to their annotation or their thread
 * message, mentioned them, a facilitator released a question, or a session of their group was
 * scheduled or moved.
 */
export const inboxKinds = ["annotation_reply", "thread_reply", "mention", "question_released", "session_scheduled", "session_moved"] as const;

export type InboxKind = (typeof inboxKinds)[number];

/** The operations that can put something in someone's inbox (the live server looks for recipients only after these). */
export const operationsThatNotify = new Set(["reply.create", "message.create", "question.reveal"]);

/** The window event a live session page raises when its socket hears inbox news, so the top bar needs no socket of its own there. */
export const INBOX_NEWS_EVENT = "study-circle:inbox-news";
