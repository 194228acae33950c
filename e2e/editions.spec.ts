import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { liveSocket, passageOnPage } from "./meeting-support";
import { demo, expectNoViolations, selectPassage, signIn } from "./support";

test.describe.configure({ mode: "serial" });

const shots = path.join(import.meta.dirname, "../screenshots");
mkdirSync(shots, { recursive: true });

const english = `# Shift Work at Home

Shift work changes how a family lives.

Parents on nights sleep while their children are at school and wake as they come home.

Weekends stop being shared.

A rota that moves every week makes every plan provisional.`;

// The translator expanded the first paragraph and joined the second and third: lengths alone mislead the aligner here.
const spanish = `# El trabajo por turnos en casa

El trabajo por turnos cambia la manera en que vive una familia, y lo hace de formas que quienes no lo han vivido rara vez imaginan.

Quienes trabajan de noche duermen mientras sus hijos están en el colegio y se despiertan cuando vuelven. Los fines de semana dejan de ser compartidos.

Un cuadrante que cambia cada semana convierte cualquier plan en provisional.`;

/** The pairs as the preview shows them: for each row, the first words of each side ("—" for none). Read at once: assert through expect.poll, which waits for the page. */
async function pairs(page: Page): Promise<string[]> {
  return page
    .getByTestId("alignment")
    .locator(":scope > li")
    .evaluateAll((rows) =>
      rows.map((row) =>
        [...row.querySelectorAll(".pair-side")]
          .map((side) => [...side.querySelectorAll(".pair-text")].map((text) => (text.textContent ?? "").split(" ").slice(0, 2).join(" ")).join(" + ") || "—")
          .join(" | "),
      ),
    );
}

function pair(page: Page, number: number): Locator {
  return page.getByRole("listitem", { name: `Pair ${number}`, exact: true });
}

test("a facilitator adds a Spanish edition and fixes its alignment by mouse and keyboard", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Add an article" }).click();
  await page.getByLabel("Text", { exact: true }).fill(english);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.getByRole("button", { name: "Add article" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shift Work at Home" })).toBeVisible();

  await page.getByRole("link", { name: "Add an edition in another language" }).click();
  await page.getByLabel("Text", { exact: true }).fill(spanish);
  await page.getByRole("button", { name: "Preview" }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Preview ready: \d+ blocks/ })).toBeFocused();
  await expect(page.getByLabel("Language of the edition")).toHaveValue("es");
  await expect(page.getByLabel("Title in that language")).toHaveValue("El trabajo por turnos en casa");
  // What the aligner proposes from lengths alone: off by one.
  await expect.poll(() => pairs(page)).toEqual(["Shift work | —", "Parents on | El trabajo", "Weekends stop + A rota | Quienes trabajan", "— | Un cuadrante"]);
  await expectNoViolations(page, "the alignment preview");

  // By mouse: the first Spanish paragraph goes up to the first English one.
  await pair(page, 2).getByRole("button", { name: "Move the edition's paragraph to the row above" }).click();
  await expect.poll(() => pairs(page)).toEqual(["Shift work | El trabajo", "Parents on | —", "Weekends stop + A rota | Quienes trabajan", "— | Un cuadrante"]);
  // By keyboard: join pair 2 with pair 3, then move the last English paragraph down to the lone Spanish one.
  await expect(pair(page, 1)).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(pair(page, 2)).toBeFocused();
  await page.keyboard.press("j");
  await expect(page.getByRole("status").filter({ hasText: "Pair 2 joined with the next." })).toBeVisible();
  await page.keyboard.press("Alt+Shift+ArrowDown");
  await expect.poll(() => pairs(page)).toEqual(["Shift work | El trabajo", "Parents on + Weekends stop | Quienes trabajan", "A rota | Un cuadrante"]);
  await expect(page.getByTestId("alignment-summary")).toHaveText("3 pairs · nothing looks off");
  // Undo and redo the last step, to show undo keeps the rest: the join stays, only the move goes back.
  await page.keyboard.press("Control+z");
  await expect.poll(() => pairs(page)).toEqual(["Shift work | El trabajo", "Parents on + Weekends stop + A rota | Quienes trabajan", "— | Un cuadrante"]);
  await pair(page, 2).focus();
  await page.keyboard.press("Alt+Shift+ArrowDown");
  await expect.poll(() => pairs(page)).toEqual(["Shift work | El trabajo", "Parents on + Weekends stop | Quienes trabajan", "A rota | Un cuadrante"]);
  await page.screenshot({ path: path.join(shots, "editions-alignment-preview.png"), fullPage: true });

  await page.getByRole("button", { name: "Save the edition" }).click();
  await expect(page.getByText("The edition is saved.")).toBeVisible();
  const editions = page.getByTestId("editions");
  await expect(editions.getByText("El trabajo por turnos en casa")).toBeVisible();
  await editions.getByRole("link", { name: "Check the alignment" }).click();
  await expect.poll(() => pairs(page)).toEqual(["Shift work | El trabajo", "Parents on + Weekends stop | Quienes trabajan", "A rota | Un cuadrante"]);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: path.join(shots, "editions-alignment-phone.png") });
});

test("the alignment preview speaks Spanish", async ({ browser }) => {
  const context = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.locator("#login").fill(demo.ana.username);
  await page.locator("#password").fill(demo.ana.password);
  await page.locator("form button[type=submit]").click();
  await page.getByRole("link", { name: "Sunday Readers" }).first().click();
  await page.getByRole("link", { name: "Our Time Is Not for Sale: A Statement on Working Hours" }).first().click();
  await page.getByTestId("editions").getByRole("link", { name: "Revisar la alineación" }).click();
  await expect(page.getByTestId("alignment-summary")).toHaveText(/^11 pares · /);
  await page.screenshot({ path: path.join(shots, "editions-alignment-preview-es.png") });
  await context.close();
});

test("a Spanish reader's highlight shows on the English reader's aligned paragraph, and the other way round, live", async ({ browser }) => {
  const english = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const spanish = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 800 } });
  const ana = await english.newPage();
  const ben = await spanish.newPage();
  await signIn(ana, demo.ana);
  await ana.getByRole("link", { name: "Sunday Readers" }).click();
  await ana.getByRole("link", { name: "Working hours / La jornada laboral" }).click();
  await expect(ana.getByTestId("connection")).toHaveText(/Connected/);
  const sessionPath = new URL(ana.url()).pathname;

  await ben.goto(`/sign-in?callbackUrl=${encodeURIComponent(sessionPath)}`);
  await ben.locator("#login").fill(demo.ben.username);
  await ben.locator("#password").fill(demo.ben.password);
  await ben.locator("form button[type=submit]").click();
  await expect(ben.getByTestId("connection")).toHaveText(/Conectad/);
  await ben.getByTestId("edition-switch").getByRole("radio", { name: "Español" }).check();
  await expect(ben.locator("[data-block-text]").first()).toContainText("Leeds el 14 de marzo de 2026");

  // Ben highlights in Spanish: Ana, reading English, sees it on the two English paragraphs the Spanish one joins.
  await selectPassage(ben, "12,5 horas con una sola pausa de 30 minutos");
  await ben.getByRole("button", { name: "Subrayar como Idea clave" }).click();
  const nightShifts = ana.locator("[data-block-id]", { hasText: "Night workers reported the longest hours." });
  const lateRotas = ana.locator("[data-block-id]", { hasText: "Members also told us that rotas are published too late." });
  await expect(nightShifts.getByTestId("edition-marker")).toHaveText(/ES.*1/);
  await expect(lateRotas.getByTestId("edition-marker")).toHaveText(/ES.*1/);
  await expect(ana.locator("[data-testid=edition-marker]")).toHaveCount(2);
  await nightShifts.getByTestId("edition-marker").click();
  const card = ana.getByTestId("annotation-card").filter({ hasText: "12,5 horas con una sola pausa de 30 minutos" });
  await expect(card.getByTestId("edition-tag")).toHaveText("ES");

  // Ana highlights in English: Ben sees it on the aligned Spanish paragraph, tagged EN.
  await selectPassage(ana, "A maximum working week of 40 hours");
  await ana.getByRole("button", { name: "Highlight as Key point" }).click();
  const maximum = ben.locator("[data-block-id]", { hasText: "Una semana laboral máxima de 40 horas" });
  await expect(maximum.getByTestId("edition-marker")).toHaveText(/EN.*1/);
  await expect(ben.locator("[data-testid=edition-marker]")).toHaveCount(1);

  // The choice is remembered: Ben comes back to Spanish.
  await ben.reload();
  await expect(ben.locator("[data-block-text]").first()).toContainText("Leeds el 14 de marzo de 2026");
  await expect(ben.getByTestId("edition-switch").getByRole("radio", { name: "Español" })).toBeChecked();
  await ben.setViewportSize({ width: 390, height: 844 });
  await maximum.scrollIntoViewIfNeeded();
  await ben.screenshot({ path: path.join(shots, "editions-reader-phone-es.png") });

  // Side by side on a wide screen: the Spanish edition beside the English text, counting both readers' highlights.
  await ana.getByLabel("Side by side").check();
  const pane = ana.getByTestId("companion-pane");
  await expect(pane).toContainText("Una semana laboral máxima de 40 horas");
  await expect(pane.locator("[data-companion-block]", { hasText: "12,5 horas" })).toContainText(/ES · 1/);
  await expect(pane.locator("[data-companion-block]", { hasText: "Una semana laboral máxima" })).toContainText(/EN · 1/);
  await nightShifts.scrollIntoViewIfNeeded();
  await ana.waitForTimeout(1500);
  await ana.screenshot({ path: path.join(shots, "editions-side-by-side.png") });
  await expectNoViolations(ana, "the side-by-side reader");
  await ana.setViewportSize({ width: 390, height: 844 });
  await expect(pane).toBeHidden();
  await ana.screenshot({ path: path.join(shots, "editions-reader-phone-en.png") });

  await english.close();
  await spanish.close();
});

/** The demo's bilingual session, as the tests below find it on the group page (planned, or in the archive once ended, whose link opens its review). */
async function bilingualSession(page: Page): Promise<{ sessionPath: string; sessionId: string }> {
  await signIn(page, demo.ana);
  await page.getByRole("link", { name: "Sunday Readers" }).click();
  await page.getByRole("link", { name: "Working hours / La jornada laboral" }).first().click();
  await page.waitForURL(/\/groups\/[^/]+\/sessions\/[^/]+/);
  const [sessionPath, sessionId] = /^\/groups\/[^/]+\/sessions\/([^/]+)/.exec(new URL(page.url()).pathname) ?? [];
  if (!sessionPath || !sessionId) throw new Error(`not a session page: ${page.url()}`);
  return { sessionPath, sessionId };
}

async function signInBen(page: Page, callbackUrl: string): Promise<void> {
  await page.goto(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.locator("#login").fill(demo.ben.username);
  await page.locator("#password").fill(demo.ben.password);
  await page.locator("form button[type=submit]").click();
}

// Follows the test above and ends its session, whose highlights the next test finds again: Ben's in Spanish, Ana's in English.
test("the projector shows the focused passage in English, Spanish or both, kept across a reload", async ({ browser, baseURL }) => {
  const english = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const spanish = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 800 } });
  const ana = await english.newPage();
  const ben = await spanish.newPage();
  const { sessionPath, sessionId } = await bilingualSession(ana);
  await expect(ana.getByTestId("connection")).toHaveText(/Connected/);
  const focused = await passageOnPage(ana, "A maximum working week of 40 hours");

  const projector = await english.newPage();
  await projector.goto(`${sessionPath}/projector`);
  await expect(projector.getByTestId("connection")).toHaveText("Connected");
  const anaLive = await liveSocket(english, baseURL!, sessionId);
  await anaLive.setStatus("live");
  await anaLive.operation({ type: "focus.set", passage: focused });
  // Both editions at first: the English passage beside the Spanish paragraph aligned with it, each tagged.
  const texts = projector.getByTestId("pj-passage-text");
  await expect(texts).toHaveCount(2);
  await expect(texts.nth(0)).toHaveAttribute("lang", "en");
  await expect(texts.nth(0)).toContainText("EN");
  await expect(texts.nth(0)).toContainText("A maximum working week of 40 hours");
  await expect(texts.nth(1)).toHaveAttribute("lang", "es");
  await expect(texts.nth(1)).toContainText("ES");
  await expect(texts.nth(1)).toContainText("Una semana laboral máxima de 40 horas");
  await expectNoViolations(projector, "the projector with both editions");
  await projector.waitForTimeout(500);
  await projector.screenshot({ path: path.join(shots, "editions-projector-both.png") });
  // One edition only, kept across a reload.
  await projector.getByTestId("pj-editions").getByRole("radio", { name: "Español" }).check();
  await expect(texts).toHaveCount(1);
  await expect(texts).toContainText("Una semana laboral máxima de 40 horas");
  await expect(projector.getByTestId("pj-passage")).not.toContainText("A maximum working week");
  await projector.reload();
  await expect(projector.getByTestId("pj-editions").getByRole("radio", { name: "Español" })).toBeChecked();
  await expect(projector.getByTestId("pj-passage-text")).toContainText("Una semana laboral máxima de 40 horas");
  await projector.getByTestId("pj-editions").getByRole("radio", { name: "English" }).check();
  await expect(projector.getByTestId("pj-passage-text")).toHaveText(/^“?A maximum working week of 40 hours/);
  await expect(projector.getByTestId("pj-paragraph")).toHaveText(/^Paragraph \d+$/);

  // Ben's projector speaks Spanish, and so does its choice.
  await signInBen(ben, `${sessionPath}/projector`);
  await expect(ben.getByTestId("pj-editions").getByRole("radio", { name: "Las dos" })).toBeChecked();
  await expect(ben.getByTestId("pj-passage-text")).toHaveCount(2);
  await ben.waitForTimeout(500);
  await ben.screenshot({ path: path.join(shots, "editions-projector-both-es.png") });
  await ben.setViewportSize({ width: 390, height: 844 });
  await ben.screenshot({ path: path.join(shots, "editions-projector-phone-es.png") });
  await projector.setViewportSize({ width: 390, height: 844 });
  await projector.screenshot({ path: path.join(shots, "editions-projector-phone-en.png") });

  await anaLive.setStatus("ended");
  anaLive.close();
  await english.close();
  await spanish.close();
});

// Follows the test above, which ended the session.
test("the review, minutes, JSON-LD export and search say which language each item was made in", async ({ browser }) => {
  const english = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 800 } });
  const spanish = await browser.newContext({ locale: "es-ES", viewport: { width: 1280, height: 800 } });
  const ana = await english.newPage();
  const ben = await spanish.newPage();
  const { sessionPath } = await bilingualSession(ana);

  // The review reads the original: Ben's Spanish highlight sits on the English paragraphs it is aligned with, tagged ES.
  await ana.goto(`${sessionPath}/review`);
  const benCard = ana.getByTestId("annotation-card").filter({ hasText: "12,5 horas con una sola pausa de 30 minutos" });
  await expect(benCard.getByTestId("edition-tag")).toHaveText("ES");
  await expect(ana.getByTestId("annotation-card").filter({ hasText: "A maximum working week of 40 hours" }).getByTestId("edition-tag")).toHaveCount(0);
  const highlighted = () => ana.evaluate(() => [...(CSS.highlights.get("sc-kind-key_point") ?? [])].map((range) => (range as Range).toString()));
  await expect.poll(highlighted).toContainEqual(expect.stringContaining("Night workers reported the longest hours."));
  expect(await highlighted()).toContainEqual("A maximum working week of 40 hours");
  await expectNoViolations(ana, "the review of a bilingual session");
  await ana.screenshot({ path: path.join(shots, "editions-review-en.png") });
  // On a phone the cards are one tap away, under "Discussion".
  await ana.setViewportSize({ width: 390, height: 844 });
  await ana.getByRole("button", { name: /^Discussion/ }).click();
  await expect(benCard.getByTestId("edition-tag")).toBeVisible();
  await ana.screenshot({ path: path.join(shots, "editions-review-phone-en.png") });

  // Ben read the session in Spanish: his review opens in Spanish, with Ana's English highlight
  // on the Spanish paragraphs aligned with it, tagged EN, and his own in place.
  await signInBen(ben, `${sessionPath}/review`);
  const editionLinks = ben.getByTestId("review-editions");
  await expect(editionLinks.getByRole("link", { name: "Español" })).toHaveAttribute("aria-current", "page");
  await expect(ben.locator("[data-block-text]").first()).toContainText("Leeds el 14 de marzo de 2026");
  const anaCard = ben.getByTestId("annotation-card").filter({ hasText: "A maximum working week of 40 hours" });
  await expect(anaCard.getByTestId("edition-tag")).toHaveText("EN");
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "12,5 horas" }).getByTestId("edition-tag")).toHaveCount(0);
  const benHighlights = () => ben.evaluate(() => [...(CSS.highlights.get("sc-kind-key_point") ?? [])].map((range) => (range as Range).toString()));
  await expect.poll(benHighlights).toContainEqual("12,5 horas con una sola pausa de 30 minutos");
  await expectNoViolations(ben, "the review read in an edition");
  await ben.screenshot({ path: path.join(shots, "editions-review-es.png") });

  // A private note taken on the Spanish text stays on it.
  await selectPassage(ben, "Leeds el 14 de marzo de 2026");
  await ben.getByRole("button", { name: "Añadir una nota privada" }).click();
  await ben.getByTestId("note-draft").getByRole("textbox").fill("Comparar con el convenio de 2019.");
  await ben.getByRole("button", { name: "Guardar nota" }).click();
  const note = ben.getByTestId("annotation-card").filter({ hasText: "Comparar con el convenio de 2019." });
  await expect(note).toHaveCount(1);
  await expect(note.getByTestId("edition-tag")).toHaveCount(0);

  // In English, the same review reads the original again: his items are tagged ES there.
  await editionLinks.getByRole("link", { name: "English" }).click();
  await expect(ben.getByTestId("review-editions").getByRole("link", { name: "English" })).toHaveAttribute("aria-current", "page");
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "12,5 horas" }).getByTestId("edition-tag")).toHaveText("ES");
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "Comparar con el convenio de 2019." }).getByTestId("edition-tag")).toHaveText("ES");
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "A maximum working week of 40 hours" }).getByTestId("edition-tag")).toHaveCount(0);
  await ben.goto(`${sessionPath}/review?edition=original`);
  await ben.setViewportSize({ width: 390, height: 844 });
  await ben.getByRole("button", { name: /^Discusión/ }).click();
  await expect(ben.getByTestId("annotation-card").filter({ hasText: "12,5 horas" }).getByTestId("edition-tag")).toBeVisible();
  await ben.screenshot({ path: path.join(shots, "editions-review-phone-es.png") });

  // The minutes and the JSON-LD export name each item's edition.
  const minutes = await (await ana.request.get(`${sessionPath}/export/minutes`)).text();
  expect(minutes).toMatch(/- \*\*Editions:\*\* EN — .+; ES — .+/);
  expect(minutes).toMatch(/### ¶ \d+ · Key point · Ben Okafor · ES\n\n> 12,5 horas con una sola pausa de 30 minutos/);
  expect(minutes).toMatch(/### ¶ \d+ · Key point · Ana Torres · EN\n\n> A maximum working week of 40 hours/);
  const exported = (await (await ana.request.get(`${sessionPath}/export/annotations`)).json()) as {
    first: { items: { target: string | { source: string; selector: { exact?: string }[] } }[] };
  };
  const sources = Object.fromEntries(exported.first.items.flatMap((item) => (typeof item.target === "string" ? [] : [[item.target.selector[0]!.exact, item.target.source]])));
  expect(sources["12,5 horas con una sola pausa de 30 minutos"]).toMatch(/\/articles\/[^/]+\/editions\/[^/?]+$/);
  expect(sources["A maximum working week of 40 hours"]).toMatch(/\/articles\/[^/]+\?version=\d+$/);

  // Search finds words only the Spanish edition has, says so, and opens the English paragraph aligned with them.
  await ana.setViewportSize({ width: 1280, height: 800 });
  await ana.goto("/search?q=cuadrante");
  const hit = ana.getByTestId("search-hit").filter({ hasText: "Working hours" }).first();
  await expect(hit.getByTestId("search-language")).toHaveText("ES");
  await expect(hit.locator(".search-snippet")).toHaveAttribute("lang", "es");
  await ana.screenshot({ path: path.join(shots, "editions-search-en.png") });

  await english.close();
  await spanish.close();
});
