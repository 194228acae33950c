"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useEffect, useRef } from "react";
import type { ActionResult } from "@/server/action-result";
import { ErrorMessage } from "./error-message";

type Props = {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>;
  submitLabel: string;
  /** The button's name for screen readers when the visible label needs its row to make sense ("End" → "End the session of …"). */
  submitAccessibleName?: string;
  children?: React.ReactNode;
  className?: string;
  buttonClassName?: string;
  resetOnSuccess?: boolean;
  successMessage?: string;
  /** Asks before submitting, for actions that cannot be undone. */
  confirm?: string;
};

/** A form bound to a server action, showing pending state, the error or a success message. */
export function ActionForm({ action, submitLabel, submitAccessibleName, children, className, buttonClassName = "button", resetOnSuccess, successMessage, confirm }: Props) {
  const t = useTranslations("common");
  const [result, formAction, pending] = useActionState(action, null);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok && resetOnSuccess) form.current?.reset();
  }, [result, resetOnSuccess]);
  return (
    <form
      ref={form}
      action={formAction}
      className={className}
      onSubmit={(event) => {
        // Submitted here rather than through `action`, so React does not clear what was typed
        // when the server refuses it. Without JavaScript, `action` still works.
        event.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const data = new FormData(event.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      {result && !result.ok ? <ErrorMessage error={result.error} /> : null}
      {result?.ok && (successMessage || result.message) ? (
        <p className="alert alert-ok" role="status">
          {successMessage ?? result.message}
        </p>
      ) : null}
      {children}
      <button type="submit" className={buttonClassName} disabled={pending} aria-label={submitAccessibleName}>
        {pending ? t("working") : submitLabel}
      </button>
    </form>
  );
}
