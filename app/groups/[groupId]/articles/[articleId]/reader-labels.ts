import { getTranslations } from "next-intl/server";
import type { ArticleTextLabels } from "@/app/_components/article-text";
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
    published: (date) => t("published", { date }),
    text: articleTextLabels(tArticle),
  };
}

/** The article text's labels as patterns, each placeholder kept for the text to fill in. */
export function articleTextLabels(tArticle: Awaited<ReturnType<typeof getTranslations<"article">>>): ArticleTextLabels {
  return { paragraph: tArticle("paragraph", { n: "{n}" }), page: tArticle("page", { page: "{page}" }), pageShort: tArticle("pageShort", { page: "{page}" }) };
}
