import { describe, expect, it } from "vitest";
import { hitHref, type HitPlace } from "./links";

const base: HitPlace = { source: "annotation", groupId: "g", articleId: "a", sessionId: "s", sessionStatus: "ended", locator: "an1", paragraph: 4, blockId: "b1" };

describe("hitHref", () => {
  it("opens article text at its paragraph", () => {
    expect(hitHref({ ...base, source: "article", sessionId: null, sessionStatus: null, locator: "b1" })).toBe("/groups/g/articles/a#p-4");
    expect(hitHref({ ...base, source: "article", sessionId: null, sessionStatus: null, paragraph: null })).toBe("/groups/g/articles/a#b1");
  });

  it("opens a past session's review focused on the exact item", () => {
    expect(hitHref(base)).toBe("/groups/g/sessions/s/review?focus=annotation:an1#p-4");
    expect(hitHref({ ...base, source: "reply" })).toBe("/groups/g/sessions/s/review?focus=annotation:an1#p-4");
    expect(hitHref({ ...base, source: "message", locator: "m1", paragraph: null, blockId: null })).toBe("/groups/g/sessions/s/review?focus=message:m1");
    expect(hitHref({ ...base, source: "answer", locator: "q1" })).toBe("/groups/g/sessions/s/review?focus=question:q1#p-4");
  });

  it("opens a live session at the passage", () => {
    expect(hitHref({ ...base, sessionStatus: "live" })).toBe("/groups/g/sessions/s#p-4");
  });
});
