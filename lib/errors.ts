/** Every error code the app can answer with, on pages, in actions and over the socket. */
export const errorCodes = [
  "BAD_REQUEST",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "RATE_LIMITED",
  "PAYLOAD_TOO_LARGE",
  "CONFLICT",
  "USERNAME_TAKEN",
  "EMAIL_TAKEN",
  "WEAK_PASSWORD",
  "INVALID_CREDENTIALS",
  "INVITE_EXPIRED",
  "INVITE_USED_UP",
  "INVITE_REVOKED",
  "ALREADY_MEMBER",
  "LAST_OWNER",
  "INVALID_STATUS_CHANGE",
  "SESSION_ENDED",
  "SESSION_NOT_LIVE",
  "REMOVED_FROM_GROUP",
  "CLIENT_OUTDATED",
  "UNKNOWN_MESSAGE",
  "GUEST_WAITING",
  "GUEST_REMOVED",
  "EMPTY_ARTICLE",
  "IMPORT_FAILED",
  "UNAVAILABLE",
  "WRONG_PASSWORD",
  "RESET_LINK_INVALID",
  "RESET_LINK_USED",
  "RESET_LINK_EXPIRED",
  "INTERNAL",
] as const;

/** A machine-readable error code. */
export type ErrorCode = (typeof errorCodes)[number];

/** An expected failure with a code for machines and a message for people. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The plain shape an error takes on the wire or in an action result. */
export type ErrorBody = { code: ErrorCode; message: string; details?: Record<string, string | number> };

/** Turns anything thrown into an ErrorBody, hiding unexpected details from users. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return { code: error.code, message: error.message, ...(error.details && { details: error.details }) };
  return { code: "INTERNAL", message: "Something went wrong on the server." };
}
