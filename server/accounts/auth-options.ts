import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../../lib/errors";
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

/** The network address a request came from, as the first hop in front of us reports it ("direct" when none does). */
export function clientAddress(headers: Record<string, unknown> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const first = typeof forwarded === "string" ? forwarded.split(",")[0]?.trim() : undefined;
  return first || "direct";
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
  ],
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
