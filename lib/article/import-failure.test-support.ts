import { expect } from "vitest";
import { AppError } from "../errors";

/** Awaits work that must fail as an import failure, and returns the failure's reason. */
export async function importFailureReason(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.reason;
  }
  throw new Error("expected an import failure");
}
