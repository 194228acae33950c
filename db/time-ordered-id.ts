import { v7 } from "uuid";

/**
 * An id that sorts after every id made before it in this process, even within one millisecond
 * (UUID version 7 with a counter). Logs ordered by (created_at, id) keep the order things
 * happened in, where a random id would shuffle lines written in the same millisecond.
 */
export function timeOrderedId(): string {
  return v7();
}
