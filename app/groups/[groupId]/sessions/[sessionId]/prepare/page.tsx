import { getTranslations } from "next-intl/server";
import { SessionView } from "../session-view";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prepare");
  return { title: t("title") };
}

async function PreparePage({ params }: Params) {
  const { groupId, sessionId } = await params;
  return <SessionView groupId={groupId} sessionId={sessionId} mode="prepare" />;
}

export default withClientMessages(
  ["agenda", "annotations", "common", "errors", "formErrors", "formFields", "guests", "liveRefusal", "moveSession", "prepare", "session", "sessionEditions", "thread"],
  PreparePage,
);
