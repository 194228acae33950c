import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { canonicalText, type Block } from "../lib/article/blocks";
import { finaliseBlocks, type DraftBlock } from "../lib/article/draft";
import { mergeBlocks, splitBlock, withType } from "../lib/article/draft-edits";
import { importPlainText } from "../lib/article/plain-text-import";
import { startArticleServer } from "./article-server";
import { demo, expectNoViolations, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const fixtures = path.join(import.meta.dirname, "../lib/article/fixtures");
const messyText = readFileSync(path.join(fixtures, "messy-web-copy.txt"), "utf8");
const shots = path.join(import.meta.dirname, "../screenshots");
mkdirSync(shots, { recursive: true });

let groupUrl = "";
let pastedArticleUrl = "";
let pastedBlocks: Block[] = [];

/** The rendered blocks as the annotation layer sees them: id and the text of the one data-block-text element. */
async function renderedBlocks(page: Page): Promise<{ id: string; texts: string[] }[]> {
  return page
    .locator("[data-block-id]")
    .evaluateAll((elements) =>
      elements.map((element) => ({
        id: element.getAttribute("data-block-id") ?? "",
        texts: [...element.querySelectorAll("[data-block-text]")].map((text) => text.textContent ?? ""),
      })),
    );
}

function blockRow(page: Page, text: string | RegExp): Locator {
  return page.getByTestId("draft-block").filter({ hasText: text });
}

async function openGroup(page: Page): Promise<void> {
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Sunday Readers" })).toBeVisible();
  groupUrl = new URL(page.url()).pathname;
}

async function articleCount(page: Page): Promise<number> {
  await page.goto(groupUrl);
  return page.locator("section[aria-labelledby='articles-title'] .list > li").count();
}

test("paste messy text, correct it in the preview, and read exactly that", async ({ page }) => {
  await openGroup(page);
  await page.getByRole("link", { name: "Add an article" }).click();
  await expectNoViolations(page, "the import page");
  await page.getByLabel("Text", { exact: true }).fill(messyText);
  await page.screenshot({ path: path.join(shots, "articles-import.png") });
  await page.getByRole("button", { name: "Preview" }).click();
  // Focus moves to the preview's heading, so a screen reader says the preview is there.
  await expect(page.getByRole("heading", { level: 2, name: /^Preview ready: \d+ blocks/ })).toBeFocused();

  // Detected details, editable.
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("The Night Shift at the Library Workers' Union");
  await expect(page.getByLabel("Author")).toHaveValue("Marta Ruiz");
  await expect(page.getByLabel("Publication date")).toHaveValue("2024-03-12");
  await expect(page.getByLabel("Language of the text")).toHaveValue("en");
  await expect(page.getByText("9 lines look like leftovers")).toBeVisible();
  await expect(blockRow(page, "How it started").getByRole("combobox")).toHaveValue("heading");
  await expect(blockRow(page, "Members of the staff meet").getByRole("combobox")).toHaveValue("caption");
  await page.screenshot({ path: path.join(shots, "articles-preview-details.png") });
  await page.getByRole("heading", { name: "Check the text" }).evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16));
  await page.screenshot({ path: path.join(shots, "articles-preview.png") });
  await expectNoViolations(page, "the preview");
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("heading", { name: "Check the text" }).evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16));
  await page.screenshot({ path: path.join(shots, "articles-preview-phone.png") });
  await page.setViewportSize({ width: 1280, height: 720 });

  // Corrections: drop the leftovers, retype one block, merge two, split one, remove one (and undo a removal).
  await page.getByRole("button", { name: "Remove all 9" }).click();
  await expect(page.getByText("9 leftover lines removed.")).toBeVisible();
  await expect(page.getByTestId("draft-block").filter({ hasText: "IMG_2041.jpg" })).toHaveCount(0);
  await blockRow(page, "The council's first answer").getByRole("combobox").selectOption("quote");
  await blockRow(page, "It began with a memo.")
    .getByRole("button", { name: /^Merge block \d+ with the next one$/ })
    .click();
  await expect(page.locator(".draft-text").filter({ hasText: /^It began with a memo\..* Nobody at the central branch/ })).toHaveCount(1);
  const unionRow = blockRow(page, "The union meets on the first Thursday");
  await unionRow.getByRole("button", { name: /^Edit block/ }).click();
  const area = unionRow.getByRole("textbox");
  const unionText = await area.inputValue();
  const cut = unionText.indexOf("The kettle");
  await area.evaluate((element: HTMLTextAreaElement, at) => element.setSelectionRange(at, at), cut);
  await unionRow.getByRole("button", { name: /^Split block \d+ at the cursor$/ }).click();
  await expect(page.locator(".draft-text").filter({ hasText: /^The kettle has finally been replaced\.$/ })).toHaveCount(1);
  await blockRow(page, "A reader, on the notebook")
    .getByRole("button", { name: /^Remove block/ })
    .click();
  await blockRow(page, "What comes next?")
    .getByRole("button", { name: /^Remove block/ })
    .click();
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(blockRow(page, "What comes next?")).toHaveCount(1);
  await page.getByRole("button", { name: "Add article" }).click();

  // The reader shows exactly the corrected blocks, in the same order, with the same ids.
  await expect(page.getByRole("heading", { level: 1, name: "The Night Shift at the Library Workers' Union" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "The article was added." })).toBeVisible();
  pastedArticleUrl = new URL(page.url()).pathname;

  let expected: DraftBlock[] = importPlainText(messyText).blocks.filter((block) => !block.flag);
  const at = (start: string) => expected.findIndex((block) => block.text.startsWith(start));
  expected[at("The council's first answer")] = withType(expected[at("The council's first answer")]!, "quote");
  const memo = at("It began with a memo.");
  expected.splice(memo, 2, mergeBlocks(expected[memo]!, expected[memo + 1]!));
  const union = at("The union meets");
  expected.splice(union, 1, ...splitBlock(expected[union]!, cut)!);
  expected = expected.filter((block) => !block.text.startsWith("— A reader"));
  pastedBlocks = finaliseBlocks(expected);

  const rendered = await renderedBlocks(page);
  expect(rendered.map((block) => block.id)).toEqual(pastedBlocks.map((block) => block.id));
  expect(rendered.every((block) => block.texts.length === 1)).toBe(true);
  expect(rendered.map((block) => block.texts[0]).join("\n\n")).toBe(canonicalText(pastedBlocks));
  await expect(page.locator("[data-block-id] blockquote", { hasText: "The council's first answer" })).toBeVisible();
  await expect(page.getByText("Marta Ruiz")).toBeVisible();
  await expect(page.getByText(/Published March 12, 2024/)).toBeVisible();
  await expect(page.getByText(/\d+ minutes? to read/)).toBeVisible();
});

test("upload files: Markdown is read; empty, binary and 50 MB files are refused and nothing is saved", async ({ page }) => {
  await openGroup(page);
  const before = await articleCount(page);
  await page.goto(`${groupUrl}/articles/new`);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("There is no article text in that");
  await page.getByRole("radio", { name: "Upload a file" }).check();
  await expect(page.getByText("A PDF, EPUB or Word (.docx) file of up to 20 MB and 500 pages, or a .txt, .md or .html file of up to 5 MB.", { exact: false })).toBeVisible();
  const file = page.getByLabel("File", { exact: true });

  await file.setInputFiles({ name: "photo.txt", mimeType: "text/plain", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("This file is not text");

  await file.setInputFiles({ name: "empty.md", mimeType: "text/markdown", buffer: Buffer.from("  \n\n ") });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("There is no article text in that");

  const scripts =
    '<html><head><script>alert(1)</script></head><body onload="alert(2)"><script src="https://evil.example/x.js"></script><iframe src="https://evil.example/"></iframe><style>body{}</style></body></html>';
  await file.setInputFiles({ name: "scripts.html", mimeType: "text/html", buffer: Buffer.from(scripts) });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("There is no article text in that");

  await file.setInputFiles({ name: "notes.docx", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("The file is damaged, or it is not the kind of document its name says.");

  await file.setInputFiles({ name: "notes.odt", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.locator(".alert-error")).toContainText("Only .pdf, .epub, .docx, .txt, .md and .html files can be imported.");

  const huge = path.join(os.tmpdir(), `huge-${Date.now()}.txt`);
  writeFileSync(huge, Buffer.alloc(50 * 1024 * 1024, "a"));
  try {
    await file.setInputFiles(huge);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.locator(".alert-error")).toContainText("That is too large: the limit is 5 MB.");
  } finally {
    rmSync(huge, { force: true });
  }
  expect(await articleCount(page)).toBe(before);

  await page.goto(`${groupUrl}/articles/new`);
  await page.getByRole("radio", { name: "Upload a file" }).check();
  await page.getByLabel("File", { exact: true }).setInputFiles(path.join(fixtures, "markdown-article.md"));
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Notes on Running a Reading Group");
  await expect(page.getByText("Image: A long table with open books and cups of tea — from images.example.org")).toBeVisible();
  await page.getByLabel("Leave the images out; their captions stay.").check();
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notes on Running a Reading Group" })).toBeVisible();
  await expect(page.getByText("The long table at the Thursday group, before anyone arrives.")).toBeVisible();
  await expect(page.locator(".article img")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "Contents" })).toContainText("Choosing the text");
  expect(await articleCount(page)).toBe(before + 1);
});

test("import from a URL: the page's text and image are kept locally; bad addresses are refused", async ({ page }) => {
  const outside = await startArticleServer();
  try {
    await openGroup(page);
    const before = await articleCount(page);
    await page.goto(`${groupUrl}/articles/new`);
    await page.getByRole("radio", { name: "From a web address" }).check();
    const address = page.getByRole("textbox", { name: "Web address" });
    const refusals: [string, string][] = [
      [`${outside.origin}/slow`, "The page did not answer in time (3 s)."],
      [`${outside.origin}/loop`, "The page keeps redirecting"],
      [`http://[::1]:${new URL(outside.origin).port}/ciudad/biblioteca`, "is on a private or local network"],
      ["ftp://example.org/article.txt", "Only http:// and https:// addresses can be imported."],
      [`${outside.origin}/archive.zip`, "does not lead to a web page"],
      [`${outside.origin}/missing`, "answered with an error (404)"],
    ];
    for (const [url, message] of refusals) {
      await address.fill(url);
      await page.getByRole("button", { name: "Preview" }).click();
      await expect(page.locator(".alert-error")).toContainText(message);
    }
    expect(await articleCount(page)).toBe(before);

    await page.goto(`${groupUrl}/articles/new`);
    await page.getByRole("radio", { name: "From a web address" }).check();
    await page.getByRole("textbox", { name: "Web address" }).fill(`${outside.origin}/ciudad/biblioteca`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByLabel("Title", { exact: true })).toHaveValue("La biblioteca que no cerró");
    await expect(page.getByLabel("Source", { exact: true })).toHaveValue("El Diario del Barrio");
    await expect(page.getByLabel("Source address")).toHaveValue(`${outside.origin}/ciudad/biblioteca`);
    await expect(page.getByLabel("Language of the text")).toHaveValue("es");
    await expect(page.getByText("Publicidad")).toHaveCount(0);
    await expect(page.getByLabel(/^Store copies on this server/)).toBeChecked();
    await page.getByRole("button", { name: "Add article" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "La biblioteca que no cerró" })).toBeVisible();
    expect(await page.locator("article[lang='es']").count()).toBe(1);

    // Reading makes no request to any other host: the image was stored and is served by the app.
    const requested: string[] = [];
    page.on("request", (request) => requested.push(new URL(request.url()).origin));
    outside.requests.length = 0;
    await page.reload();
    const image = page.locator(".article img");
    await expect(image).toHaveAttribute("src", /^\/groups\/[0-9a-f-]+\/media\/[0-9a-f]{64}\.png$/);
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(640);
    await page.screenshot({ path: path.join(shots, "articles-reader-url-image.png") });
    expect(new Set(requested)).toEqual(new Set([new URL(page.url()).origin]));
    expect(outside.requests).toEqual([]);
    await expect(page.getByText("La sala de lectura, a las ocho de la tarde de un jueves.")).toBeVisible();
    await expect(page.getByText("Texto inyectado")).toHaveCount(0);
  } finally {
    await outside.close();
  }
});

test("read on desktop, phone and projector; size and theme are remembered; deep links mark the paragraph; print keeps numbers", async ({ page }) => {
  await signIn(page, demo.ana);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(pastedArticleUrl);
  const rendered = await renderedBlocks(page);
  expect(rendered.map((block) => block.texts[0]).join("\n\n")).toBe(canonicalText(pastedBlocks));
  await expect(page.getByRole("navigation", { name: "Contents" }).getByRole("link", { name: "What the workers asked for" })).toBeVisible();
  await page.screenshot({ path: path.join(shots, "articles-reader-light.png") });
  await expectNoViolations(page, "the reader");

  // Deep link: scrolled to and marked.
  await page.goto(`${pastedArticleUrl}#p-14`);
  const fourteen = page.locator("#p-14");
  await expect(fourteen).toBeInViewport();
  expect(await fourteen.evaluate((element) => element.matches(":target"))).toBe(true);
  expect(await fourteen.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
  await expect(fourteen.locator("[data-paragraph-number]")).toHaveText("14");
  await page.screenshot({ path: path.join(shots, "articles-reader-deep-link.png") });

  // Text size and dark theme, remembered across a reload.
  await page.goto(pastedArticleUrl);
  const paragraph = page.locator("[data-block-text]").nth(1);
  const sizeBefore = await paragraph.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("button", { name: "Larger text" }).click();
  await expect(page.locator(".reader-size-value")).toHaveText("130%");
  await page.getByRole("button", { name: "Dark theme" }).click();
  await page.reload();
  await expect(page.locator(".reader-size-value")).toHaveText("130%");
  await expect(page.getByRole("button", { name: "Dark theme" })).toHaveAttribute("aria-pressed", "true");
  expect(await page.locator("html").getAttribute("data-theme")).toBe("dark");
  const sizeAfter = await paragraph.evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
  expect(sizeAfter / sizeBefore).toBeCloseTo(1.3, 1);
  await page.screenshot({ path: path.join(shots, "articles-reader-dark.png") });
  await expectNoViolations(page, "the reader in the dark theme");
  await page.getByRole("button", { name: "Smaller text" }).click();
  await page.getByRole("button", { name: "Smaller text" }).click();
  await page.getByRole("button", { name: "Dark theme" }).click();
  expect(await page.locator("html").getAttribute("data-theme")).toBeNull();

  // Phone: no horizontal scrolling, numbers still in the margin, contents folded away.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.reload();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(page.locator("#p-1 [data-paragraph-number]")).toBeVisible();
  const numberBox = (await page.locator("#p-1 [data-paragraph-number]").boundingBox())!;
  const textBox = (await page.locator("#p-1 [data-block-text]").boundingBox())!;
  expect(numberBox.x + numberBox.width).toBeLessThanOrEqual(textBox.x);
  await expect(page.getByRole("navigation", { name: "Contents" }).getByRole("link").first()).toBeHidden();
  // The reader's controls take one line, theme and print shown as symbols and still named; the top bar's account link is the member's initials, still named.
  const lineOf = async (name: string) => (await page.getByRole("button", { name }).boundingBox())!.y;
  expect(await lineOf("Print")).toBeCloseTo(await lineOf("Larger text"), -1);
  expect(await lineOf("Dark theme")).toBeCloseTo(await lineOf("Larger text"), -1);
  expect((await page.getByRole("banner").getByRole("link", { name: /^Account \(.+\)$/ }).boundingBox())!.width).toBeLessThan(60);
  await page.screenshot({ path: path.join(shots, "articles-reader-phone.png") });
  await page.screenshot({ path: path.join(shots, "articles-reader-phone-full.png"), fullPage: true });
  await expectNoViolations(page, "the reader on a phone");

  // Projector: large type, a comfortable measure, contents beside the text.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.reload();
  const projected = await page
    .locator("[data-block-text]")
    .nth(1)
    .evaluate((element) => ({ size: parseFloat(getComputedStyle(element).fontSize), width: element.getBoundingClientRect().width }));
  expect(projected.size).toBeGreaterThanOrEqual(22);
  expect(projected.width / projected.size).toBeLessThanOrEqual(40);
  await expect(page.getByRole("navigation", { name: "Contents" }).getByRole("link", { name: "How it started" })).toBeVisible();
  await page.screenshot({ path: path.join(shots, "articles-reader-projector.png") });

  // Print: the page furniture goes, the paragraph numbers stay.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".topbar")).toBeHidden();
  await expect(page.locator(".reader-controls")).toBeHidden();
  await expect(page.locator("#p-3 [data-paragraph-number]")).toBeVisible();
  await page.screenshot({ path: path.join(shots, "articles-print.png") });
  await page.pdf({ path: path.join(shots, "articles-print.pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });
});

test("editing an article a session reads adds a version; the session keeps its text", async ({ page }) => {
  await signIn(page, demo.ana);
  await page.goto(groupUrl);
  await page.getByRole("link", { name: "Schedule a session" }).click();
  await page.getByLabel("Session title").fill("Night shift discussion");
  await page.getByLabel("Article").selectOption({ label: "The Night Shift at the Library Workers' Union" });
  await page.getByLabel("Date and time").fill("2030-06-01T18:00");
  await page.getByRole("button", { name: "Schedule session" }).click();
  await expect(page.getByText("By the end of that week, thirty-one")).toBeVisible();
  const sessionUrl = new URL(page.url()).pathname;

  await page.goto(pastedArticleUrl);
  await page.getByRole("link", { name: "Edit the article" }).click();
  await expect(page.getByText(/1 study session reads version 1\. They keep it: your changes become version 2/)).toBeVisible();
  await expectNoViolations(page, "the edit page");
  const row = blockRow(page, "By the end of that week");
  await row.getByRole("button", { name: /^Edit block/ }).click();
  await row.getByRole("textbox").fill("By the end of that month, everyone had signed.");
  await row.getByRole("button", { name: /^Done editing block/ }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved as version 2." })).toBeVisible();
  await expect(page.getByText("By the end of that month, everyone had signed.")).toBeVisible();
  const versions = page.getByRole("region", { name: "Versions" });
  await expect(versions.getByRole("listitem")).toHaveCount(2);
  await expect(versions.getByRole("listitem").first()).toContainText("no session yet");
  await expect(versions.getByRole("listitem").nth(1)).toContainText("read in 1 session");

  await versions.getByRole("link", { name: "Version 1" }).click();
  await expect(page.getByText("You are reading version 1. The latest is version 2.")).toBeVisible();
  await expect(page.getByText("By the end of that week, thirty-one")).toBeVisible();

  await page.goto(sessionUrl);
  await expect(page.getByText("By the end of that week, thirty-one")).toBeVisible();
  await page.screenshot({ path: path.join(shots, "articles-session.png") });
  await expect(page.getByText("By the end of that month")).toHaveCount(0);
});
