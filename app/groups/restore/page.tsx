import "../[groupId]/sessions/[sessionId]/review/review.css";
import "./restore.css";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireAccount } from "@/server/accounts/guards";
import { RestoreForm } from "./restore-form";
import { withClientMessages } from "@/app/i18n/client-messages";

export async function generateMetadata() {
  return { title: (await getTranslations("restore"))("title") };
}

/** Restoring a whole-group backup as a new group owned by the signed-in person: choose the file, see what it holds, restore. */
async function RestorePage() {
  await requireAccount("/groups/restore");
  const t = await getTranslations("restore");
  return (
    <div className="page page-restore">
      <p className="small">
        <Link href="/">← {t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("intro")}</p>
      <RestoreForm />
    </div>
  );
}

export default withClientMessages(["restore"], RestorePage);
