import { createUser } from "./users";

/** Creates an account for unit tests (the hash is a stand-in; these tests never sign in). */
export function person(name: string): string {
  return createUser({ username: name, displayName: name, passwordHash: "not-a-real-hash" }).id;
}
