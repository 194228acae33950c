import { describe, expect, it } from "vitest";
import { declaredHtmlCharset, decodeTextFile } from "./text-file";

const bytes = (...values: number[]) => Uint8Array.from(values);

describe("decodeTextFile", () => {
  it("reads UTF-8, with or without a byte-order mark", () => {
    expect(decodeTextFile(new TextEncoder().encode("Año nuevo"))).toEqual({ ok: true, text: "Año nuevo" });
    expect(decodeTextFile(bytes(0xef, 0xbb, 0xbf, 0x48, 0x69))).toEqual({ ok: true, text: "Hi" });
  });

  it("reads UTF-16 with a byte-order mark", () => {
    expect(decodeTextFile(bytes(0xff, 0xfe, 0x48, 0x00, 0xed, 0x00))).toEqual({ ok: true, text: "Hí" });
  });

  it("falls back to Windows-1252 for old Spanish files", () => {
    expect(decodeTextFile(bytes(0x41, 0xf1, 0x6f, 0x20, 0x80))).toEqual({ ok: true, text: "Año €" });
  });

  it("uses a declared charset", () => {
    expect(decodeTextFile(bytes(0x41, 0xf1, 0x6f), "iso-8859-1")).toEqual({ ok: true, text: "Año" });
  });

  it("refuses binary files renamed .txt", () => {
    expect(decodeTextFile(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a))).toEqual({ ok: false, reason: "binary" });
    expect(decodeTextFile(bytes(0x25, 0x50, 0x44, 0x46, 0x2d, 0x31))).toEqual({ ok: false, reason: "binary" });
    expect(decodeTextFile(bytes(0x48, 0x69, 0x00, 0x48))).toEqual({ ok: false, reason: "binary" });
    const noisy = new Uint8Array(1000).map((_, index) => (index % 10 === 0 ? 0x02 : 0x41));
    expect(decodeTextFile(noisy)).toEqual({ ok: false, reason: "binary" });
  });

  it("calls white space empty", () => {
    expect(decodeTextFile(new Uint8Array())).toEqual({ ok: false, reason: "empty" });
    expect(decodeTextFile(new TextEncoder().encode(" \n\t "))).toEqual({ ok: false, reason: "empty" });
  });
});

describe("declaredHtmlCharset", () => {
  it("finds a meta charset", () => {
    expect(declaredHtmlCharset(new TextEncoder().encode('<html><head><meta charset="windows-1252">'))).toBe("windows-1252");
    expect(declaredHtmlCharset(new TextEncoder().encode("<html>"))).toBeUndefined();
  });
});
