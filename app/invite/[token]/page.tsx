import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { roleInGroup } from "@/db/groups";
import { findInvite, inviteProblem } from "@/db/invites";
import { currentAccount } from "@/server/accounts/current-user";
import { ActionForm } from "@/app/_components/action-form";
import { ErrorMessage } from "@/app/_components/error-message";
import { toErrorBody } from "@/lib/errors";
import { joinByInviteAction } from "./actions";
import { withClientMessages } from "@/app/i18n/client-messages";

type Params = { params: Promise<{ token: string }> };

export async function generateMetadata() {
  const t = await getTranslations("invitePage");
  return { title: t("title") };
}

async function InvitePage({ params }: Params) {
  const { token } = await params;
  const invite = await findInvite(token);
  if (!invite) notFound();
  const [t, user] = await Promise.all([getTranslations("invitePage"), currentAccount()]);
  if (user && (await roleInGroup(invite.groupId, user.id))) redirect(`/groups/${invite.groupId}`);
  const problem = inviteProblem(invite);
  const returnTo = encodeURIComponent(`/invite/${token}`);
  return (
    <div className="page page-narrow">
      <h1>{t("heading", { group: invite.groupName })}</h1>
      <div className="card">
        {problem ? (
          <ErrorMessage error={toErrorBody(problem)} />
        ) : user ? (
          <>
            <p>{t(invite.role === "facilitator" ? "explainFacilitator" : "explainMember", { group: invite.groupName })}</p>
            <ActionForm action={joinByInviteAction.bind(null, token)} submitLabel={t("join")} />
          </>
        ) : (
          <>
            <p>{t("signInFirst", { group: invite.groupName })}</p>
            <div className="row">
              <Link className="button" href={`/sign-up?callbackUrl=${returnTo}`}>
                {t("signUp")}
              </Link>
              <Link className="button button-secondary" href={`/sign-in?callbackUrl=${returnTo}`}>
                {t("signIn")}
              </Link>
            </div>
          </>
        )}
      </div>
    </div>
  );
}

export default withClientMessages(["common", "errors", "formErrors", "formFields"], InvitePage);
