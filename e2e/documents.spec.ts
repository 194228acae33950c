import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Browser, type Page } from "@playwright/test";
import {
  malformedPdf,
  runningHead,
  sampleAuthor,
  sampleDocx,
  sampleEpub,
  sampleNotes,
  samplePdf,
  sampleSections,
  sampleTitle,
  scannedPdf,
} from "../lib/article/fixtures/documents";
import { demo, expectNoViolations, signIn } from "./support";

// Importing a PDF, an EPUB and a Word file through the real form, checking the preview, saving,
// and reading the result with its page numbers. With SCREENSHOTS=1 it also writes the preview
// and the reader, on a desktop and a 390-pixel phone, to screenshots/.
test.describe.configure({ mode: "serial" });
// Each test reads a document in a worker thread and runs axe on long pages: slow on a busy machine.
test.setTimeout(180_000);

const shots = path.join(import.meta.dirname, "../screenshots");
const screenshots = Boolean(process.env.SCREENSHOTS);
if (screenshots) mkdirSync(shots, { recursive: true });

let groupUrl = "";
let pdfReader = "";

async function shoot(page: Page, name: string, options: { full?: boolean } = {}): Promise<void> {
  if (!screenshots) return;
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: options.full ?? false });
}

async function openImporter(page: Page): Promise<void> {
  if (!groupUrl) {
    await signIn(page, demo.ana);
    await page.getByRole("link", { name: "Sunday Readers" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Sunday Readers" })).toBeVisible();
    groupUrl = new URL(page.url()).pathname;
  } else {
    await signIn(page, demo.ana, groupUrl);
  }
  await page.goto(`${groupUrl}/articles/new`);
  await page.getByRole("radio", { name: "Upload a file" }).check();
}

async function upload(page: Page, name: string, mimeType: string, bytes: Uint8Array): Promise<void> {
  await page.getByLabel("File", { exact: true }).setInputFiles({ name, mimeType, buffer: Buffer.from(bytes) });
  await page.getByRole("button", { name: "Preview" }).click();
  // A document is taken apart in a worker thread: give it time on a busy machine.
  await expect(page.getByRole("button", { name: "Reading the file…" })).toHaveCount(0, { timeout: 30_000 });
}

async function scrollToText(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Check the text" }).evaluate((element) => window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - 16));
}

const paragraphs = sampleSections.flatMap((section) => section.paragraphs);

test("a PDF in two columns: the preview shows its pages and names the scanned one; the reader shows p. 14 in the margin and opens #page-15", async ({ page }) => {
  await openImporter(page);
  const pdf = await samplePdf({ columns: 2, scannedPage: true, runs: "word" });
  await upload(page, "night-shift-agreement.pdf", "application/pdf", pdf.bytes);

  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(sampleTitle);
  await expect(page.getByLabel("Author")).toHaveValue(sampleAuthor);
  await expect(page.getByTestId("import-notice")).toHaveText(
    "Page 16 has no text layer (scanned), so its text is missing below. Paste it in, or run text recognition on the PDF first.",
  );
  const rows = page.getByTestId("draft-block");
  await expect(rows.first()).toContainText("How the agreement came about");
  await expect(rows.first().getByTestId("draft-page")).toHaveText("p. 14");
  await expect(rows.filter({ hasText: sampleNotes[0]! }).getByRole("combobox")).toHaveValue("note");
  await expect(rows.filter({ hasText: "Figure 1." }).getByRole("combobox")).toHaveValue("caption");
  await expect(page.getByTestId("draft-page").filter({ hasText: "pp. 14–15" })).toHaveCount(1);
  await expect(page.getByText(runningHead)).toHaveCount(0);
  await expectNoViolations(page, "the preview of a PDF");
  await shoot(page, "documents-pdf-preview-details");
  await scrollToText(page);
  await shoot(page, "documents-pdf-preview");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await scrollToText(page);
  await shoot(page, "documents-pdf-preview-phone");
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { level: 1, name: sampleTitle })).toBeVisible();
  const texts = await page.locator(".article-block-paragraph [data-block-text]").allTextContents();
  expect(texts).toEqual(paragraphs);
  const markers = page.locator(".page-start");
  await expect(markers).toHaveCount(2);
  await expect(markers.first()).toHaveAttribute("data-page", "p. 14");
  await expect(markers.first()).toHaveAccessibleName("Page 14");
  // The page label sits in the margin, left of the text and of the paragraph number.
  const label = await markers.nth(1).evaluate((marker) => {
    const style = getComputedStyle(marker, "::before");
    const block = marker.closest(".article-block")!.getBoundingClientRect();
    return { content: style.content, position: style.position, right: parseFloat(style.right), width: block.width };
  });
  expect(label).toMatchObject({ content: '"p. 15"', position: "absolute" });
  expect(label.right).toBeGreaterThan(label.width);
  await expectNoViolations(page, "the reader of a PDF");
  await page.evaluate(() => window.scrollTo(0, 0));
  await shoot(page, "documents-pdf-reader");
  const reader = new URL(page.url()).pathname;
  pdfReader = reader;

  await page.goto(`${reader}#page-15`);
  await expect(page.locator("#page-15")).toHaveAttribute("data-page", "p. 15");
  expect(await page.locator("#page-15").evaluate((marker) => marker.matches(":target"))).toBe(true);
  await expect(page.locator("#page-15")).toBeInViewport();
  await shoot(page, "documents-pdf-reader-page-15");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.goto(`${reader}#page-15`);
  await shoot(page, "documents-pdf-reader-phone");
});

test("an EPUB keeps its book's page numbers, also where a page begins inside a paragraph", async ({ page }) => {
  await openImporter(page);
  await upload(page, "night-shift.epub", "application/epub+zip", sampleEpub());
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(sampleTitle);
  await expect(page.getByLabel("Publication date")).toHaveValue("2024-03-01");
  await expect(page.getByTestId("draft-block").filter({ hasText: "The first meeting was held" }).getByTestId("draft-page")).toHaveText("pp. 14–15");
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { level: 1, name: sampleTitle })).toBeVisible();
  await expect(page.locator(".page-start")).toHaveCount(4);
  const fifteen = page.locator("#page-15");
  await expect(fifteen).not.toHaveClass(/page-start-block/);
  expect(await fifteen.evaluate((marker) => marker.closest("[data-block-text]")!.textContent)).toBe(paragraphs[1]);
  await expectNoViolations(page, "the reader of an EPUB");
});

test("a Word file keeps its title, headings from its styles, its quotation and its footnote", async ({ page }) => {
  await openImporter(page);
  await upload(page, "night-shift.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", await sampleDocx());
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue(sampleTitle);
  const rows = page.getByTestId("draft-block");
  await expect(rows.filter({ hasText: "How the agreement came about" }).getByRole("combobox")).toHaveValue("heading");
  await expect(rows.filter({ hasText: "We are not asking for favours" }).getByRole("combobox")).toHaveValue("quote");
  await expect(rows.filter({ hasText: sampleNotes[0]! }).getByRole("combobox")).toHaveValue("note");
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { level: 1, name: sampleTitle })).toBeVisible();
  await expect(page.locator(".article .note")).toHaveText(`1 ${sampleNotes[0]}`);
  await expect(page.locator(".page-start")).toHaveCount(0);
});

test("a scanned PDF and a damaged one are refused with a clear message, and nothing is saved", async ({ page }) => {
  await openImporter(page);
  await upload(page, "scan.pdf", "application/pdf", await scannedPdf());
  await expect(page.locator(".alert-error")).toHaveText(
    "This PDF is a scan: it has pictures of pages but no text to read. Paste its text instead, or run text recognition (OCR) on it first.",
  );
  await upload(page, "broken.pdf", "application/pdf", malformedPdf());
  await expect(page.locator(".alert-error")).toContainText("The file is damaged");
  await expect(page.getByRole("button", { name: "Add article" })).toHaveCount(0);
});

test("Spanish: the reader says pág. 14", async ({ browser }) => {
  const page = await spanishReader(browser);
  await expect(page.locator(".page-start").first()).toHaveAttribute("data-page", "pág. 14");
  await expect(page.locator(".page-start").first()).toHaveAccessibleName("Página 14");
  await shoot(page, "documents-pdf-reader-es");
  await page.context().close();
});

async function spanishReader(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(pdfReader)}`);
  await page.locator("#login").fill(demo.ana.username);
  await page.locator("#password").fill(demo.ana.password);
  await page.locator("form button[type=submit]").click();
  await expect(page.getByRole("heading", { level: 1, name: sampleTitle })).toBeVisible();
  return page;
}
