import { getRequestConfig } from "next-intl/server";
import { cookies, headers } from "next/headers";
import { currentUser } from "@/server/accounts/current-user";
import { loadMessages } from "@/server/message-catalogues";
import { isLocale, isTimeZone, LOCALE_COOKIE, localeFromAcceptLanguage, TIME_ZONE_COOKIE, type Locale } from "@/lib/i18n/locales";

/** The interface language: the account's choice, else the remembered choice, else the browser's language. */
async function requestLocale(): Promise<Locale> {
  const user = await currentUser();
  if (user?.locale) return user.locale;
  const remembered = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(remembered)) return remembered;
  return localeFromAcceptLanguage((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  const messages = await loadMessages(locale);
  const zone = (await cookies()).get(TIME_ZONE_COOKIE)?.value;
  return { locale, messages, timeZone: isTimeZone(zone) ? zone : process.env.TZ || "UTC" };
});
