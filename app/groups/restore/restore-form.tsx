"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { startTransition, useActionState, useEffect, useId, useRef, useState } from "react";
import { previewBackupAction, restoreBackupAction, type RestoreProblem } from "./actions";

/** Choose a backup file, see what it holds and who its people will be, then restore it as a new group. */
export function RestoreForm() {
  const t = useTranslations("restore");
  const format = useFormatter();
  const ids = useId();
  const [file, setFile] = useState<File | null>(null);
  // The file the preview describes: choosing another one hides it until that one is checked.
  const [previewed, setPreviewed] = useState<File | null>(null);
  const [preview, checkFile, checking] = useActionState(previewBackupAction, null);
  const [restored, restore, restoring] = useActionState(restoreBackupAction, null);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const doneHeading = useRef<HTMLHeadingElement>(null);
  // Focus follows each step, so a screen reader hears what the file holds, then what was done.
  useEffect(() => previewHeading.current?.focus(), [preview]);
  useEffect(() => doneHeading.current?.focus(), [restored]);

  const send = (dispatch: (data: FormData) => void, chosen: File | null) => {
    if (!chosen) return;
    const data = new FormData();
    data.set("backup", chosen);
    startTransition(() => dispatch(data));
  };

  if (restored?.ok) {
    return (
      <section className="card restore-done" aria-labelledby={`${ids}-done`}>
        <h2 id={`${ids}-done`} ref={doneHeading} tabIndex={-1}>
          {t("doneTitle", { name: restored.groupName })}
        </h2>
        <p>{t("doneSummary", { sessions: restored.sessions, events: restored.events, images: restored.images })}</p>
        {restored.createdUsers.length > 0 ? (
          <>
            <h3>{t("linksTitle")}</h3>
            <p className="muted small">
              {t("linksExplain", { until: format.dateTime(new Date(restored.createdUsers[0]!.resetExpiresAt), { dateStyle: "long", timeStyle: "short" }) })}
            </p>
            <table className="archive-table restore-links">
              <caption className="visually-hidden">{t("linksTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("person")}</th>
                  <th scope="col">{t("link")}</th>
                </tr>
              </thead>
              <tbody>
                {restored.createdUsers.map((person) => (
                  <tr key={person.username} data-testid="reset-link-row">
                    <th scope="row">
                      {person.displayName}
                      <div className="muted small">@{person.username}</div>
                    </th>
                    <td>
                      <label className="visually-hidden" htmlFor={`${ids}-link-${person.username}`}>
                        {t("linkFor", { name: person.displayName })}
                      </label>
                      <input
                        id={`${ids}-link-${person.username}`}
                        className="restore-link"
                        readOnly
                        value={`${window.location.origin}${person.resetPath}`}
                        onFocus={(event) => event.currentTarget.select()}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">{t("noNewAccounts")}</p>
        )}
        <p>
          <Link className="button" href={`/groups/${restored.groupId}`}>
            {t("openGroup")}
          </Link>
        </p>
      </section>
    );
  }

  return (
    <>
      <section className="card" aria-labelledby={`${ids}-choose`}>
        <h2 id={`${ids}-choose`}>{t("chooseTitle")}</h2>
        <form
          action={checkFile}
          onSubmit={(event) => {
            event.preventDefault();
            setPreviewed(file);
            send(checkFile, file);
          }}
        >
          <div className="field">
            <label htmlFor={`${ids}-file`}>{t("file")}</label>
            <input
              id={`${ids}-file`}
              name="backup"
              type="file"
              accept="application/json,.json"
              required
              aria-describedby={`${ids}-file-hint`}
              onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)}
            />
            <span id={`${ids}-file-hint`} className="hint">
              {t("fileHint")}
            </span>
          </div>
          {preview && !preview.ok ? <Problem problem={preview.problem} /> : null}
          <button type="submit" className="button" disabled={checking}>
            {checking ? t("checking") : t("check")}
          </button>
        </form>
      </section>

      {preview?.ok && previewed === file ? (
        <section className="card restore-preview" aria-labelledby={`${ids}-preview`}>
          <h2 id={`${ids}-preview`} ref={previewHeading} tabIndex={-1}>
            {t("previewTitle", { name: preview.preview.groupName })}
          </h2>
          <p className="muted small">
            {t("madeOn", { file: preview.fileName, date: format.dateTime(new Date(preview.preview.exportedAt), { dateStyle: "long", timeStyle: "short" }) })}
          </p>
          <dl className="restore-counts">
            {(["articles", "editions", "sessions", "events", "annotations", "messages", "images"] as const).map((key) => (
              <div key={key}>
                <dt>{t(`count.${key}`)}</dt>
                <dd>{format.number(preview.preview[key])}</dd>
              </div>
            ))}
          </dl>
          <table className="archive-table">
            <caption>{t("peopleTitle", { count: preview.preview.people.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("person")}</th>
                <th scope="col">{t("role")}</th>
                <th scope="col">{t("becomes")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.preview.people.map((person) => (
                <tr key={person.username}>
                  <th scope="row">
                    {person.displayName}
                    <div className="muted small">@{person.username}</div>
                  </th>
                  <td>{person.role ? t(`roles.${person.role as "owner" | "facilitator" | "member"}`) : t("roles.former")}</td>
                  <td>{t(`becomesKind.${person.becomes}`, { username: person.restoredAs })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small">{t("restoreExplain")}</p>
          {restored && !restored.ok ? <Problem problem={restored.problem} /> : null}
          <button type="button" className="button" disabled={restoring} onClick={() => send(restore, previewed)}>
            {restoring ? t("restoring") : t("restore")}
          </button>
        </section>
      ) : null}
    </>
  );
}

/** A refused file, said in the reader's language, with the exact reason below it. */
function Problem({ problem }: { problem: RestoreProblem }) {
  const t = useTranslations("restore");
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t(`problem.${problem.kind}`)}</p>
      {problem.kind === "noFile" || problem.kind === "signedOut" ? null : <p className="small restore-detail">{problem.detail}</p>}
    </div>
  );
}
