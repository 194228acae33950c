import type { CookieOption } from "next-auth";

/** The session cookie's name over plain http (development, tests, a LAN without TLS). */
export const PLAIN_SESSION_COOKIE = "next-auth.session-token";

/** The session cookie's name over https: `__Host-` makes browsers insist on Secure, Path=/ and no Domain. */
export const SECURE_SESSION_COOKIE = "__Host-study-circle.session-token";

/**
 * The session cookie for a site served at `publicUrl`: never readable by scripts (HttpOnly),
 * not sent on cross-site subrequests (SameSite=Lax), and over https Secure and host-only.
 */
export function sessionCookie(publicUrl: string): CookieOption {
  const secure = publicUrl.startsWith("https://");
  return { name: secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE, options: { httpOnly: true, sameSite: "lax", path: "/", secure } };
}
