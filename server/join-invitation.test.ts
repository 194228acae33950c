import { describe, expect, it } from "vitest";
import { joinInvitation } from "./join-invitation";

describe("joinInvitation", () => {
  it("links to the join page under the public address, with a QR code of that link", async () => {
    const invitation = await joinInvitation("K7MQ2P", "https://circle.example.org/");
    expect(invitation).toMatchObject({ code: "K7M Q2P", url: "https://circle.example.org/join/K7MQ2P", typedAddress: "circle.example.org/join" });
    expect(invitation.qrSvg).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(invitation.qrSvg).not.toMatch(/<script|href=|on\w+=/i);
  });

  it("keeps a path the app is served under", async () => {
    const invitation = await joinInvitation("K7MQ2P", "https://example.org/circle");
    expect(invitation.url).toBe("https://example.org/circle/join/K7MQ2P");
    expect(invitation.typedAddress).toBe("example.org/circle/join");
  });
});
