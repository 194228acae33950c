/** Longest comment, reply or message body, in characters. */
export const MAX_COMMENT_LENGTH = 4000;
