import { describe, expect, it } from "vitest";
import { sealedContent, type Backup } from "../lib/review/backup-format";
import { madeHere, sealBackup } from "./backup-seal";

const secret = "a test secret that is long enough to sign with";
const backup: Backup = sealedContent({
  format: "study-circle/group-backup",
  formatVersion: 2,
  schemaVersion: 5,
  exportedAt: "2026-11-30T12:00:00.000Z",
  group: { id: "g", name: "G" },
  tables: {},
  media: {},
});

describe("backup seal", () => {
  it("tells this instance's backups from others'", () => {
    const sealed = sealBackup(backup, secret);
    expect(madeHere(sealed, secret)).toBe(true);
    expect(madeHere(sealed, `${secret} elsewhere`)).toBe(false);
    expect(madeHere(backup, secret)).toBe(false);
    expect(madeHere({ ...sealed, checksum: "sha256:other" }, secret)).toBe(false);
    expect(madeHere({ ...sealed, seal: "hmac-sha256:short" }, secret)).toBe(false);
  });
});
