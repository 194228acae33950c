import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/app/_components/action-form";
import type { GroupMember } from "@/db/groups";
import { roles } from "@/lib/roles";
import { changeRoleAction, removeMemberAction } from "./actions";
import { Avatar } from "@/app/_components/avatar";

/** One member of the group; owners can change their role or remove them. */
export async function MemberRow({ groupId, member, isSelf, canManage }: { groupId: string; member: GroupMember; isSelf: boolean; canManage: boolean }) {
  const [t, tRoles] = await Promise.all([getTranslations("group"), getTranslations("roles")]);
  return (
    <li className="spread" data-testid="member">
      <div className="row">
        <Avatar name={member.displayName} id={member.userId} />
        <div>
          <div>
            {member.displayName} {isSelf ? <span className="muted small">({t("you")})</span> : null}
          </div>
          <div className="muted small">@{member.username}</div>
        </div>
      </div>
      {canManage ? (
        <div className="row">
          <ActionForm action={changeRoleAction.bind(null, groupId, member.userId)} submitLabel={t("changeRole")} className="row" buttonClassName="button button-secondary button-small">
            <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
              {t("roleOf", { name: member.displayName })}
            </label>
            <select id={`role-${member.userId}`} name="role" defaultValue={member.role} style={{ width: "auto" }}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {tRoles(role)}
                </option>
              ))}
            </select>
          </ActionForm>
          {isSelf ? null : (
            <ActionForm
              action={removeMemberAction.bind(null, groupId, member.userId)}
              submitLabel={t("remove")}
              buttonClassName="button button-danger button-small"
              confirm={t("removeConfirm", { name: member.displayName })}
            />
          )}
        </div>
      ) : (
        <span className="badge">{tRoles(member.role)}</span>
      )}
    </li>
  );
}
