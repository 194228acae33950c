import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../../lib/errors";
import { CLIENT_ADDRESS_HEADER } from "../client-address";
import { guestArrivalSchema, joinAsGuest } from "../join-by-code";
import { log } from "../log";
import { checkCredentials } from "./sign-in";

declare module "next-auth" {
  interface Session {
    user: { id: string; name: string };
  }
}

/** Tells a signed-in page why signing in failed: "CODE" or "CODE:minutes". */
export function signInErrorText(error: AppError): string {
  return error.details?.minutes ? `${error.code}:${error.details.minutes}` : error.code;
}

/** The client's address as the custom server stamped it (see server/client-address.ts). */
export function clientAddress(headers: Record<string, unknown> | undefined): string {
  const stamped = headers?.[CLIENT_ADDRESS_HEADER];
  return typeof stamped === "string" && stamped ? stamped : "unknown";
}

/** next-auth configuration shared by the pages, the auth route and the socket handshake. */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
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
          const user = await checkCredentials(login, password, clientAddress(request?.headers));
          return { id: user.id, name: user.displayName };
        } catch (error) {
          throw new Error(error instanceof AppError ? signInErrorText(error) : "INTERNAL");
        }
      },
    }),
    // A guest: the session's code and a display name, nothing more (see server/join-by-code.ts).
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
          const guest = await joinAsGuest({ ...parsed.data, address: clientAddress(request?.headers) });
          return { id: guest.userId, name: guest.displayName };
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
      const level = code === "JWT_SESSION_ERROR" ? "info" : "error";
      log[level]({ event: "auth.error", code, err }, `next-auth: ${code}`);
    },
    warn(code) {
      log.warn({ event: "auth.warning", code }, `next-auth: ${code}`);
    },
    debug() {},
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      session.user = { id: token.sub ?? "", name: token.name ?? "" };
      return session;
    },
  },
};
