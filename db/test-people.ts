import { createUser } from "./users";

/** Creates an account for unit tests (the hash is a stand-in; these tests never sign in). */
export async function person(name: string): Promise<string> {
  return (await createUser({ username: name, displayName: name, passwordHash: "not-a-real-hash" })).id;
}
