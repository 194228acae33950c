"use client";

import dynamic from "next/dynamic";
import { loadOrWait } from "./lazy-part";

/** The form that moves a planned session: its script (a form, a date field) loads only on the preparation page, which shows it. */
export const MoveSession = dynamic(() => loadOrWait(() => import("./move-session-form").then((form) => form.MoveSessionForm)));
