import { getFormatter, getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Reader } from "@/app/_components/reader/reader";
import { findArticle, findArticleVersionByNumber, latestArticleVersion, listArticleVersions } from "@/db/articles";
import { listEditions } from "@/db/editions";
import { parseTextSize, parseTheme, TEXT_SIZE_COOKIE, THEME_COOKIE } from "@/lib/reader-preferences";
import { can } from "@/lib/roles";
import { requireMembership, requireUser } from "@/server/accounts/guards";
import { EditionsSection } from "./editions/editions-section";
import { readerLabels } from "./reader-labels";

type Params = {
  params: Promise<{ groupId: string; articleId: string }>;
  searchParams: Promise<{ version?: string; saved?: string; omitted?: string; edition?: string }>;
};

export async function generateMetadata({ params }: Params) {
  const { groupId, articleId } = await params;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}`);
  await requireMembership(groupId, user);
  return { title: (await findArticle(groupId, articleId))?.title };
}

export default async function ArticlePage({ params, searchParams }: Params) {
  const { groupId, articleId } = await params;
  const query = await searchParams;
  const user = await requireUser(`/groups/${groupId}/articles/${articleId}`);
  const { group, role } = await requireMembership(groupId, user);
  const article = await findArticle(groupId, articleId);
  const latest = article && (await latestArticleVersion(article.id));
  if (!article || !latest) notFound();
  const requested = Number(query.version);
  const version = Number.isInteger(requested) && requested !== latest.version ? await findArticleVersionByNumber(article.id, requested) : latest;
  if (!version) notFound();
  const [versions, editions] = await Promise.all([listArticleVersions(article.id), listEditions(article.id)]);
  const [t, tEditions, labels, format, jar] = await Promise.all([getTranslations("reader"), getTranslations("editions"), readerLabels(), getFormatter(), cookies()]);
  const base = `/groups/${groupId}/articles/${articleId}`;
  const notice = query.edition === "saved" ? tEditions("saved") : savedNotice(query, t);

  return (
    <div className="page reader-page">
      <p className="reader-crumbs">
        <Link href={`/groups/${groupId}`}>← {group.name}</Link>
      </p>
      {notice ? (
        <p className="alert alert-ok reader-notice" role="status">
          {notice}
        </p>
      ) : null}
      {version.version !== latest.version ? (
        <p className="alert alert-warn reader-notice">
          {t("viewing", { version: version.version, latest: latest.version })} <Link href={base}>{t("readLatest")}</Link>
        </p>
      ) : null}
      <Reader
        article={article}
        blocks={version.blocks}
        labels={labels}
        textSize={parseTextSize(jar.get(TEXT_SIZE_COOKIE)?.value)}
        theme={parseTheme(jar.get(THEME_COOKIE)?.value)}
        formatDate={(date) => format.dateTime(new Date(`${date}T12:00:00Z`), { dateStyle: "long", timeZone: "UTC" })}
        actions={
          can.addArticle(role) ? (
            <Link className="button button-small button-secondary reader-edit" href={`${base}/edit`}>
              {t("edit")}
            </Link>
          ) : null
        }
      />
      <section className="card reader-versions" aria-labelledby="versions-title">
        <h2 id="versions-title">{t("versionsTitle")}</h2>
        <ol className="list" reversed>
          {versions.map((entry) => (
            <li key={entry.id} className="spread">
              <div>
                {entry.version === version.version ? (
                  <strong aria-current="page">{t("version", { version: entry.version })}</strong>
                ) : (
                  <Link href={entry.version === latest.version ? base : `${base}?version=${entry.version}`}>{t("version", { version: entry.version })}</Link>
                )}
                {entry.version === latest.version ? <span className="badge">{t("latest")}</span> : null}
                <div className="muted small">
                  {t("versionMeta", { date: format.dateTime(entry.createdAt, { dateStyle: "medium", timeStyle: "short" }), words: entry.wordCount })}
                  {entry.createdByName ? ` · ${t("versionBy", { name: entry.createdByName })}` : ""}
                </div>
              </div>
              <span className="muted small">{t("usedBy", { count: entry.sessionCount })}</span>
            </li>
          ))}
        </ol>
      </section>
      <EditionsSection base={base} editions={editions} canEdit={can.addArticle(role)} />
    </div>
  );
}

function savedNotice(query: { saved?: string; version?: string; omitted?: string }, t: Awaited<ReturnType<typeof getTranslations<"reader">>>): string {
  const parts: string[] = [];
  if (query.saved === "created") parts.push(t("savedCreated"));
  if (query.saved === "added") parts.push(t("savedAdded", { version: Number(query.version) || 0 }));
  if (query.saved === "replaced") parts.push(t("savedReplaced"));
  if (query.saved === "unchanged") parts.push(t("savedUnchanged"));
  const omitted = Number(query.omitted);
  if (Number.isInteger(omitted) && omitted > 0) parts.push(t("imagesOmitted", { count: omitted }));
  return parts.join(" ");
}
