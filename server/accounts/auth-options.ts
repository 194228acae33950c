import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { createAuthSession, endAuthSession, liveAuthSession } from "../../db/auth-sessions";
import { deviceSummary } from "../../lib/accounts/device";
import { AppError } from "../../lib/errors";
import { CLIENT_ADDRESS_HEADER } from "../client-address";
import { guestArrivalSchema, joinAsGuest } from "../join-by-code";
import { log } from "../log";
import { closeLiveSessions } from "../route-bridge";
import { sessionCookie } from "./session-cookie";
import { checkCredentials } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string };
    /** The server-side session of this browser (db/auth-sessions.ts). */
    sessionId: string;
  }
  interface User {
    /** The server-side session made at this sign-in (see db/auth-sessions.ts). */
    sessionId?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The server-side session this cookie stands for; once it is ended, the cookie is worthless. */
    sid?: string;
  }
}

/** Thrown while reading a cookie whose server-side session was ended: next-auth then treats it as no session. */
class SessionEnded extends Error {
  constructor() {
    super("This browser's session was ended.");
  }
}

/** The first value of a request header as next-auth hands headers over. */
function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;
}

/** Tells a signed-in page why signing in failed: "CODE" or "CODE:minutes". */
export function signInErrorText(error: AppError): string {
  return error.details?.minutes ? `${error.code}:${error.details.minutes}` : error.code;
}

/** The client's address as the custom server stamped it (see server/client-address.ts). */
export function clientAddress(headers: Record<string, unknown> | undefined): string {
  return header(headers, CLIENT_ADDRESS_HEADER) || "unknown";
}

/** next-auth configuration shared by the pages, the auth route and the socket handshake. */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  // NEXTAUTH_URL is set by server/index.ts from PUBLIC_URL before any route module loads.
  cookies: { sessionToken: sessionCookie(process.env.NEXTAUTH_URL ?? "") },
  useSecureCookies: (process.env.NEXTAUTH_URL ?? "").startsWith("https://"),
  pages: { signIn: "/sign-in" },
  providers: [
    CredentialsProvider({
      name: "Study Circle",
      credentials: {
        login: { label: "Username or e-mail", type: "text" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const login = credentials?.login?.slice(0, 200) ?? "";
        const password = credentials?.password?.slice(0, 400) ?? "";
        if (!login || !password) throw new Error("INVALID_CREDENTIALS");
        try {
          const address = clientAddress(request?.headers);
          const user = await checkCredentials(login, password, address);
          const sessionId = await createAuthSession({ userId: user.id, device: deviceSummary(header(request?.headers, "user-agent")), address });
          return { id: user.id, name: user.displayName, sessionId };
        } catch (error) {
          throw new Error(error instanceof AppError ? signInErrorText(error) : "INTERNAL");
        }
      },
    }),
    // A guest: the session's code and a display name, nothing more (see server/join-by-code.ts).
    // A guest is a user of the guest kind, so their browser gets a server-side session like a
    // member's: the same cookie checks, sign-out and socket closing apply.
    CredentialsProvider({
      id: "guest",
      name: "Guest",
      credentials: {
        code: { label: "Code", type: "text" },
        displayName: { label: "Your name", type: "text" },
        locale: { label: "Language", type: "text" },
      },
      async authorize(credentials, request) {
        const parsed = guestArrivalSchema.safeParse(credentials ?? {});
        if (!parsed.success) throw new Error("BAD_REQUEST");
        try {
          const address = clientAddress(request?.headers);
          const guest = await joinAsGuest({ ...parsed.data, address });
          const sessionId = await createAuthSession({ userId: guest.userId, device: deviceSummary(header(request?.headers, "user-agent")), address });
          return { id: guest.userId, name: guest.displayName, sessionId };
        } catch (error) {
          throw new Error(error instanceof AppError ? signInErrorText(error) : "INTERNAL");
        }
      },
    }),
  ],
  // next-auth's own messages go to the structured log, one line each. An undecryptable
  // session cookie (forged, or signed with an old secret) is a visitor problem, not ours.
  logger: {
    error(code, metadata) {
      const err = metadata instanceof Error ? metadata : ((metadata as { error?: unknown } | undefined)?.error ?? metadata);
      if (err instanceof SessionEnded) return;
      const level = code === "JWT_SESSION_ERROR" ? "info" : "error";
      log[level]({ event: "auth.error", code, err }, `next-auth: ${code}`);
    },
    warn(code) {
      log.warn({ event: "auth.warning", code }, `next-auth: ${code}`);
    },
    debug() {},
  },
  events: {
    // Signing out ends the server-side session too, so a copy of the cookie stops working
    // and this browser's live connections close, on every node.
    async signOut({ token }) {
      if (!token.sid) return;
      await endAuthSession(token.sid);
      await closeLiveSessions([token.sid]);
    },
  },
  callbacks: {
    // Runs whenever a cookie is read: a cookie whose server-side session is gone counts as none.
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = user.sessionId;
        return token;
      }
      const holder = token.sid ? await liveAuthSession(token.sid) : undefined;
      if (!holder || holder.userId !== token.sub) throw new SessionEnded();
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.sub ?? "", name: token.name ?? "" };
      session.sessionId = token.sid ?? "";
      return session;
    },
  },
};
