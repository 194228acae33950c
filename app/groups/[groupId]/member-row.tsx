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
    <li className="member" data-testid="member">
      <Avatar name={member.displayName} id={member.userId} />
      <div className="member-body">
        <div className="member-name">
          <span>
            <span className="strong">{member.displayName}</span> {isSelf ? <span className="muted small">({t("you")})</span> : null}
            <span className="muted small member-username">@{member.username}</span>
          </span>
          {canManage ? null : <span className="badge">{tRoles(member.role)}</span>}
        </div>
        {canManage ? (
          <div className="member-controls">
            <ActionForm action={changeRoleAction.bind(null, groupId, member.userId)} submitLabel={t("changeRole")} className="inline-form" buttonClassName="button button-secondary button-small">
              <label className="visually-hidden" htmlFor={`role-${member.userId}`}>
                {t("roleOf", { name: member.displayName })}
              </label>
              <select id={`role-${member.userId}`} name="role" defaultValue={member.role} className="select-small">
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
                className="inline-form"
                buttonClassName="button button-danger-quiet button-small"
                confirm={t("removeConfirm", { name: member.displayName })}
              />
            )}
          </div>
        ) : null}
      </div>
    </li>
  );
}
