"use client";

import { useEffect } from "react";
import { forgetOfflineSession, OfflineStore } from "@/app/_live/offline-store";

/** Forgets what this device kept of a session the person can no longer open (a removed guest, a session over). */
export function ForgetSession({ sessionId, userId, sessionPath }: { sessionId: string; userId: string; sessionPath: string }) {
  useEffect(() => {
    void forgetOfflineSession(new OfflineStore(sessionId, userId), sessionPath);
  }, [sessionId, sessionPath, userId]);
  return null;
}
