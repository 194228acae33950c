/** Longest comment, reply or message body, in UTF-16 code units (the app's one text unit, lib/text/characters.ts). */
export const MAX_COMMENT_LENGTH = 4000;
