"use server";

import QRCode from "qrcode";
import { z } from "zod";
import { roleInGroup } from "@/db/groups";
import { createPasswordResetLink } from "@/db/password-resets";
import { findUserById } from "@/db/users";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/roles";
import { authorise } from "@/server/accounts/authorise";
import { parseForm, runAction, type ActionResult } from "@/server/action-result";
import { publicUrl } from "@/server/public-url";
import type { ResetLinkView } from "./reset-link-panel";

const resetSchema = z.object({ memberId: z.string().min(1, "Choose a member.").max(100) });

/**
 * Makes a single-use password reset link for a member of the group (owners only), to hand over
 * in person: its address and a QR code of it. The link is never stored, so it is shown only now.
 */
export async function createResetLinkAction(groupId: string, _previous: ActionResult, formData: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const { userId } = await authorise(groupId, can.manageMembers);
    const { memberId } = parseForm(resetSchema, formData);
    const member = memberId === userId ? null : await roleInGroup(groupId, memberId);
    if (!member) throw new AppError("NOT_FOUND", "That person is not another member of this group.");
    const person = await findUserById(memberId);
    if (!person) throw new AppError("NOT_FOUND", "That person is not another member of this group.");
    const link = await createPasswordResetLink(memberId, userId);
    const url = new URL(link.path, publicUrl()).toString();
    const qrSvg = await QRCode.toString(url, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#000000", light: "#ffffff" } });
    const view: ResetLinkView = { url, qrSvg, expiresAt: link.expiresAt.toISOString(), name: person.displayName };
    return { ok: true, value: JSON.stringify(view) };
  });
}
