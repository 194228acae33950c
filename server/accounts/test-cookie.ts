import { encode } from "next-auth/jwt";
import { createAuthSession } from "../../db/auth-sessions";
import { PLAIN_SESSION_COOKIE } from "./session-cookie";

/** A session cookie as signing in would set it (plain http) and the id of its server-side session: for tests and benches that skip the form. */
export async function signedInCookie(userId: string, secret: string, name = userId): Promise<{ cookie: string; sessionId: string }> {
  const sessionId = await createAuthSession({ userId, device: "test" });
  return { cookie: `${PLAIN_SESSION_COOKIE}=${await encode({ token: { sub: userId, name, sid: sessionId }, secret })}`, sessionId };
}

/** Only the cookie of signedInCookie. */
export async function sessionCookieFor(userId: string, secret: string, name = userId): Promise<string> {
  return (await signedInCookie(userId, secret, name)).cookie;
}
