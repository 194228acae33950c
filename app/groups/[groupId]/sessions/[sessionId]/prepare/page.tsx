import { getTranslations } from "next-intl/server";
import { SessionView } from "../session-view";

type Params = { params: Promise<{ groupId: string; sessionId: string }> };

export async function generateMetadata() {
  const t = await getTranslations("prepare");
  return { title: t("title") };
}

export default async function PreparePage({ params }: Params) {
  const { groupId, sessionId } = await params;
  return <SessionView groupId={groupId} sessionId={sessionId} mode="prepare" />;
}
