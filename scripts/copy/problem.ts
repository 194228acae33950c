/** Why a copy refused to run or stopped: a code for scripts and tests, a message for people. */
export class CopyProblem extends Error {
  constructor(
    readonly code:
      | "SOURCE_MISSING"
      | "SOURCE_NOT_STUDY_CIRCLE"
      | "SOURCE_SCHEMA_OLD"
      | "SOURCE_SCHEMA_NEW"
      | "SOURCE_UNKNOWN_TABLE"
      | "TARGET_NOT_EMPTY"
      | "TARGET_UNREACHABLE"
      | "COPY_FAILED"
      | "VERIFY_FAILED"
      | "MEDIA_CONFLICT"
      | "MEDIA_VERIFY_FAILED",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CopyProblem";
  }
}
