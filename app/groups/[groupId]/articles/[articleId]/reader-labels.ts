import { getTranslations } from "next-intl/server";
import type { ReaderLabels } from "@/app/_components/reader/reader";

/** The reader's labels in the request's language. */
export async function readerLabels(): Promise<ReaderLabels> {
  const [t, tArticle] = await Promise.all([getTranslations("reader"), getTranslations("article")]);
  return {
    controls: {
      settings: t("settings"),
      textSize: t("textSize"),
      smaller: t("smaller"),
      larger: t("larger"),
      // The pattern the reader's controls fill in as the size changes: the message with its placeholder kept.
      sizePattern: t("sizeValue", { percent: "{percent}" }),
      darkTheme: t("darkTheme"),
      print: t("print"),
    },
    contents: t("contents"),
    readingTime: (minutes) => tArticle("readingTime", { minutes }),
    paragraph: (n) => tArticle("paragraph", { n }),
    published: (date) => t("published", { date }),
    page: (page) => tArticle("page", { page }),
    pageShort: (page) => tArticle("pageShort", { page }),
  };
}
