import "./globals.css";
import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTimeZone, getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import Link from "next/link";
import { pickNamespaces } from "@/lib/i18n/catalogue";
import { parseTheme, THEME_COOKIE } from "@/lib/reader-preferences";
import { unreadInboxCount } from "@/db/inbox";
import { currentUser } from "@/server/accounts/current-user";
import { Avatar } from "./_components/avatar";
import { InboxLink } from "./_components/inbox-link";
import { SignOutButton } from "./_components/sign-out-button";
import { TimeZoneCookie } from "./_components/time-zone-cookie";
import { faceVariables } from "./fonts";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("app");
  return { title: { default: t("name"), template: `%s · ${t("name")}` }, description: t("tagline"), icons: { icon: "/icon.svg" } };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#0f6b63" };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, messages, t, tSearch, tGuests, user, timeZone, jar] = await Promise.all([
    getLocale(),
    getMessages(),
    getTranslations("nav"),
    getTranslations("search"),
    getTranslations("guests"),
    currentUser(),
    getTimeZone(),
    cookies(),
  ]);
  // The reader's theme choice applies to the whole page, rendered on the server so it never flashes.
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  const unread = user?.kind === "account" ? await unreadInboxCount(user.id) : 0;
  return (
    <html lang={locale} className={faceVariables} data-theme={theme === "dark" ? "dark" : undefined}>
      <body>
        {/* The header's own words; each page adds the namespaces its client components use (ClientMessages). */}
        <NextIntlClientProvider messages={pickNamespaces(messages, ["inbox", "nav"])}>
          <TimeZoneCookie current={timeZone} />
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          <header className="topbar">
            <Link href="/" className="brand" prefetch={false}>
              <img src="/icon.svg" alt="" className="brand-mark" width={28} height={28} />
              <span>{t("brand")}</span>
            </Link>
            <nav aria-label={t("label")}>
              <ul>
                {user?.kind === "guest" ? (
                  // A guest has one session and nothing else here: their name, the way to an account, the way out.
                  <>
                    <li className="muted">{tGuests("guestName", { name: user.displayName })}</li>
                    <li>
                      <Link href="/sign-up" prefetch={false}>
                        {tGuests("keepAction")}
                      </Link>
                    </li>
                    <li>
                      <SignOutButton />
                    </li>
                  </>
                ) : user ? (
                  <>
                    <li>
                      <Link href="/" prefetch={false}>
                        {t("myGroups")}
                      </Link>
                    </li>
                    <li className="nav-search">
                      <Link href="/search" prefetch={false}>
                        <svg className="nav-search-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                          <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.2" />
                          <path d="M15.5 15.5 21 21" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
                        </svg>
                        <span className="nav-search-label">{tSearch("navLink")}</span>
                      </Link>
                    </li>
                    <li className="nav-inbox">
                      <InboxLink initialUnread={unread} />
                    </li>
                    <li className="nav-account">
                      <Link href="/account" prefetch={false}>
                        <span className="nav-account-avatar">
                          <Avatar name={user.displayName} id={user.id} />
                        </span>
                        <span className="nav-account-label">{t("account", { name: user.displayName })}</span>
                      </Link>
                    </li>
                    <li>
                      <SignOutButton />
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <Link href="/sign-in" prefetch={false}>
                        {t("signIn")}
                      </Link>
                    </li>
                    <li>
                      <Link href="/sign-up" prefetch={false}>
                        {t("signUp")}
                      </Link>
                    </li>
                  </>
                )}
              </ul>
            </nav>
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
