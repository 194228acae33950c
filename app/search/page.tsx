import "@/app/groups/[groupId]/sessions/[sessionId]/review/review.css";
import "@/app/groups/[groupId]/sessions/[sessionId]/editions/editions.css";
import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { listGroupsForUser } from "@/db/groups";
import { searchForUser, searchSources, type SearchResult, type SearchSource } from "@/db/search";
import { languageTag } from "@/lib/editions/editions";
import { AppError, toErrorBody, type ErrorBody } from "@/lib/errors";
import { hitHref } from "@/lib/search/links";
import { MAX_QUERY_LENGTH, snippetParts } from "@/lib/search/query";
import { requireAccount } from "@/server/accounts/guards";

type Props = { searchParams: Promise<{ q?: string; group?: string; source?: string; page?: string }> };

const PAGE_SIZE = 20;

export async function generateMetadata({ searchParams }: Props) {
  const { q } = await searchParams;
  const t = await getTranslations("search");
  return { title: q ? t("titleFor", { query: q.slice(0, 60) }) : t("title") };
}

/** Full-text search over everything the member's groups read and said; never other groups'. */
export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const user = await requireAccount(`/search${params.q ? `?q=${encodeURIComponent(params.q)}` : ""}`);
  const [t, tErrors, format] = await Promise.all([getTranslations("search"), getTranslations("errors"), getFormatter()]);
  const query = (params.q ?? "").slice(0, MAX_QUERY_LENGTH);
  const groups = await listGroupsForUser(user.id);
  const source = (searchSources as readonly string[]).includes(params.source ?? "") ? (params.source as SearchSource) : null;
  const page = Math.max(1, Math.floor(Number(params.page)) || 1);
  let result: SearchResult | null = null;
  let error: ErrorBody | null = null;
  if (query.trim()) {
    try {
      result = await searchForUser({
        userId: user.id,
        query,
        groupId: params.group || undefined,
        sources: source ? [source] : undefined,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
    } catch (caught) {
      if (!(caught instanceof AppError)) throw caught;
      error = toErrorBody(caught);
    }
  }
  const pageHref = (to: number) =>
    `/search?${new URLSearchParams({ q: query, ...(params.group ? { group: params.group } : {}), ...(source ? { source } : {}), page: String(to) })}`;

  return (
    <div className="page">
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form className="search-form" action="/search" method="get" role="search">
        <label htmlFor="search-q" className="visually-hidden">
          {t("label")}
        </label>
        <input id="search-q" type="search" name="q" defaultValue={query} maxLength={MAX_QUERY_LENGTH} placeholder={t("placeholder")} autoComplete="off" />
        <label htmlFor="search-group" className="visually-hidden">
          {t("groupLabel")}
        </label>
        <select id="search-group" name="group" defaultValue={params.group ?? ""}>
          <option value="">{t("allGroups")}</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.name}
            </option>
          ))}
        </select>
        <label htmlFor="search-source" className="visually-hidden">
          {t("sourceLabel")}
        </label>
        <select id="search-source" name="source" defaultValue={source ?? ""}>
          <option value="">{t("allSources")}</option>
          {searchSources.map((name) => (
            <option key={name} value={name}>
              {t(`sources.${name}`)}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          {t("submit")}
        </button>
      </form>

      {error ? (
        <p className="alert alert-error" role="alert">
          {error.code === "NOT_FOUND" ? t("notYourGroup") : tErrors(error.code, { message: error.message })}
        </p>
      ) : null}
      {result ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title" className="small muted" data-testid="search-summary">
            {result.hits.length === 0
              ? t("none", { query })
              : t("summary", { query, from: (page - 1) * PAGE_SIZE + 1, to: (page - 1) * PAGE_SIZE + result.hits.length, more: result.more ? "yes" : "no" })}
          </h2>
          <ol className="search-hits">
            {result.hits.map((hit) => (
              <li key={`${hit.source}:${hit.sourceId}`}>
                <Link className="search-hit" href={hitHref(hit)} data-testid="search-hit">
                  <span className="search-where">
                    <span className="source-tag">{t(`sources.${hit.source}`)}</span>
                    {hit.language ? (
                      <span
                        className="source-tag edition-tag"
                        lang={hit.language}
                        title={new Intl.DisplayNames([hit.language], { type: "language" }).of(hit.language)}
                        data-testid="search-language"
                      >
                        {languageTag(hit.language)}
                      </span>
                    ) : null}
                    <span>{hit.groupName}</span>
                    <span aria-hidden="true">·</span>
                    <span>{hit.sessionTitle ?? hit.articleTitle}</span>
                    {hit.paragraph ? (
                      <>
                        <span aria-hidden="true">·</span>
                        <span>{t("paragraph", { n: hit.paragraph })}</span>
                      </>
                    ) : null}
                    {hit.authorName ? (
                      <>
                        <span aria-hidden="true">·</span>
                        <span>{hit.authorName}</span>
                      </>
                    ) : null}
                    <span aria-hidden="true">·</span>
                    <span>{format.dateTime(hit.createdAt, { dateStyle: "medium" })}</span>
                  </span>
                  <p className="search-snippet" lang={hit.source === "article" ? (hit.language ?? undefined) : undefined}>
                    {snippetParts(hit.snippet).map((part, index) => (part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
                  </p>
                  {hit.context ? (
                    <p className="search-context" lang={hit.language ?? undefined}>
                      {hit.context.length > 180 ? `${hit.context.slice(0, 177)}…` : hit.context}
                    </p>
                  ) : null}
                </Link>
              </li>
            ))}
          </ol>
          {page > 1 || result.more ? (
            <nav className="pager" aria-label={t("pages")}>
              {page > 1 ? <Link href={pageHref(page - 1)}>← {t("previous")}</Link> : <span />}
              {result.more ? <Link href={pageHref(page + 1)}>{t("next")} →</Link> : null}
            </nav>
          ) : null}
        </section>
      ) : (
        <p className="muted">{t("hint")}</p>
      )}
    </div>
  );
}
