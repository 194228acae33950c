import { expect, test, type Page } from "@playwright/test";
import { demo, newPerson, signIn } from "./support";

// Annotating by keyboard alone: paragraph 40 from page load in at most 15 key presses, focus
// following into the toolbar and on to the new annotation, and others hearing of it.

const title = "Forty Paragraphs and More";
const paragraphs = Array.from(
  { length: 45 },
  (_, index) => `Paragraph ${index + 1} of the reading tells how the group met on a weekday evening and read together, slowly and aloud.`,
);

async function addLongArticleAndSession(page: Page): Promise<string> {
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Add an article" }).click();
  await page.getByLabel("Text", { exact: true }).fill([title, ...paragraphs].join("\n\n"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(title);
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await page.getByRole("link", { name: "Sunday Readers" }).first().click();
  await page.getByRole("link", { name: "Schedule a session" }).click();
  await page.getByLabel("Session title").fill("Keyboard evening");
  await page.getByLabel("Article").selectOption({ label: title });
  await page.getByLabel("Date and time").fill("2030-03-03T19:00");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
  return new URL(page.url()).pathname;
}

const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return { testId: element?.dataset.testid ?? "", label: element?.getAttribute("aria-label") ?? "", annotationId: element?.dataset.annotationId ?? "" };
  });

test("highlight paragraph 40 from page load in at most 15 key presses, and others hear of it", async ({ browser }) => {
  test.setTimeout(180_000);
  const ana = await newPerson(browser);
  const ben = await newPerson(browser);
  const sessionPath = await addLongArticleAndSession(ana.page);
  await signIn(ben.page, demo.ben);
  await ben.page.goto(sessionPath);
  await expect(ben.page.getByTestId("connection")).toHaveText(/Connected/);

  const page = ana.page;
  await page.goto(sessionPath);
  await expect(page.getByTestId("connection")).toHaveText(/Connected/);
  await expect(page.locator("[data-rail-paragraph='40'] .rail-add")).toHaveCount(1);
  let presses = 0;
  const press = async (key: string) => {
    presses++;
    await page.keyboard.press(key);
  };

  // Past the top bar by its skip link, then Tab to the "go to paragraph" field, the first control of the session room.
  await press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await press("Enter");
  while ((await focused(page)).testId !== "paragraph-jump") {
    await press("Tab");
    expect(presses, "Tabs to the go-to-paragraph field").toBeLessThanOrEqual(8);
  }
  await press("4");
  await press("0");
  await press("Enter");
  expect((await focused(page)).label).toBe("Annotate paragraph 40");
  await press("Enter");
  await expect(page.getByTestId("selection-toolbar")).toBeInViewport();
  expect((await focused(page)).label).toBe("Highlight as Key point");
  await press("Enter");
  await expect.poll(async () => (await focused(page)).annotationId).not.toBe("");
  const card = page.locator(`[data-annotation-id="${(await focused(page)).annotationId}"]`);
  await expect(card).toContainText("Paragraph 40 of the reading");
  expect(presses).toBeLessThanOrEqual(15);
  test.info().annotations.push({ type: "key presses from page load to the highlight", description: String(presses) });
  process.stdout.write(`key presses from page load to a highlight on paragraph 40: ${presses}\n`);

  // Ben's screen reader hears it; once he turns announcements off, the next one stays quiet.
  await expect(ben.page.getByTestId("annotation-announcer")).toHaveText(/Ana Torres: Key point on “Paragraph 40 of the reading/);
  await ben.page.getByLabel("Announce others' annotations").selectOption("off");

  // The shortcut reaches the field from anywhere; the arrows walk the margin; Escape gives focus back.
  await page.keyboard.press("Alt+Shift+P");
  expect((await focused(page)).testId).toBe("paragraph-jump");
  await page.keyboard.type("7");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowDown");
  expect((await focused(page)).label).toBe("Annotate paragraph 8");
  await page.keyboard.press("PageDown");
  expect((await focused(page)).label).toBe("Annotate paragraph 18");
  await page.keyboard.press("Enter");
  expect((await focused(page)).label).toBe("Highlight as Key point");
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("selection-toolbar")).toHaveCount(0);
  expect((await focused(page)).label).toBe("Annotate paragraph 18");
  await page.keyboard.press("Enter");
  await page.keyboard.press("ArrowRight");
  expect((await focused(page)).label).toBe("Highlight as Question");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("annotation-card").filter({ hasText: "Paragraph 18 of the reading" })).toHaveCount(1);
  await expect(ben.page.getByTestId("annotation-card").filter({ hasText: "Paragraph 18 of the reading" })).toHaveCount(1);
  await expect(ben.page.getByTestId("annotation-announcer")).not.toHaveText(/Paragraph 18/);

  await ana.context.close();
  await ben.context.close();
});
