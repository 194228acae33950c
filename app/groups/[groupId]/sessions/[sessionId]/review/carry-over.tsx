"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { ErrorMessage } from "@/app/_components/error-message";
import type { ErrorBody } from "@/lib/errors";
import { carryOverAction } from "./actions";

type Props = {
  groupId: string;
  sessionId: string;
  open: { id: string; text: string; reason: "not_reached" | "unanswered" | "parked" }[];
  targets: { id: string; label: string }[];
};

/** For facilitators: the questions this session left open or parked, carried into an upcoming session's agenda in one action. */
export function CarryOver({ groupId, sessionId, open, targets }: Props) {
  const t = useTranslations("review");
  const [target, setTarget] = useState(targets[0]?.id ?? "");
  const [result, setResult] = useState<{ carried: number } | null>(null);
  const [error, setError] = useState<ErrorBody | null>(null);
  const [pending, start] = useTransition();
  return (
    <section className="card carry-over" aria-labelledby="carry-title" data-testid="carry-over">
      <h2 id="carry-title">{t("carryTitle", { count: open.length })}</h2>
      <ul className="carry-list">
        {open.map((question) => (
          <li key={question.id}>
            <span className="tag">{t(`openReason.${question.reason}`)}</span> {question.text}
          </li>
        ))}
      </ul>
      {targets.length === 0 ? (
        <p className="muted small">{t("carryNoTarget")}</p>
      ) : (
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            start(async () => {
              const answer = await carryOverAction(groupId, sessionId, target);
              if (answer.ok) {
                setResult({ carried: answer.carried });
                setError(null);
              } else setError(answer.error);
            });
          }}
        >
          <label className="row small" htmlFor="carry-target">
            {t("carryInto")}
            <select id="carry-target" value={target} onChange={(event) => setTarget(event.target.value)}>
              {targets.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button button-small" disabled={pending}>
            {t("carryAction", { count: open.length })}
          </button>
        </form>
      )}
      {result ? (
        <p className="alert alert-ok" role="status">
          {result.carried > 0 ? t("carried", { count: result.carried }) : t("carriedAlready")}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}
