import { describe, expect, it } from "vitest";
import { sessionCookie } from "./session-cookie";

describe("sessionCookie", () => {
  it("over https is __Host- prefixed, Secure, HttpOnly, SameSite=Lax, for the whole host and no domain", () => {
    const cookie = sessionCookie("https://circle.example.org");
    expect(cookie.name).toMatch(/^__Host-/);
    expect(cookie.options).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    expect(cookie.options).not.toHaveProperty("domain");
  });

  it("over plain http keeps HttpOnly and SameSite=Lax but cannot be Secure, so it has no prefix", () => {
    const cookie = sessionCookie("http://localhost:3000");
    expect(cookie.name).not.toMatch(/^__(Host|Secure)-/);
    expect(cookie.options).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false });
  });
});
