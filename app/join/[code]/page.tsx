import { getTranslations } from "next-intl/server";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { normaliseJoinCode } from "@/lib/join-code";
import { clientAddress } from "@/server/accounts/auth-options";
import { requireUser } from "@/server/accounts/guards";
import { joinByCode } from "@/server/join-by-code";
import { JoinProblem } from "../join-form";

type Params = { params: Promise<{ code: string }> };

export async function generateMetadata() {
  const t = await getTranslations("join");
  return { title: t("title") };
}

/**
 * A join link (typed, or from the projector's QR code): signed-out visitors sign in first and
 * come back; members go straight into the session; any other code gets the 404 page.
 */
export default async function JoinCodePage({ params }: Params) {
  const code = normaliseJoinCode(decodeSafely((await params).code));
  const user = await requireUser(`/join/${encodeURIComponent(code)}`);
  const outcome = await joinByCode({ code, userId: user.id, address: clientAddress(Object.fromEntries(await headers())) });
  if (outcome.kind === "session") redirect(outcome.path);
  if (outcome.kind === "unknown") notFound();
  const t = await getTranslations("join");
  return <JoinProblem title={t("rateLimitedTitle")} message={t("rateLimitedExplain", { minutes: outcome.minutes })} code="RATE_LIMITED" />;
}

function decodeSafely(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
