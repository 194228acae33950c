import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { demo, selectPassage, signIn } from "./support";

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

async function expectAccessible(page: Page, context: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const problems = results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`);
  expect(problems, `accessibility problems on ${context}`).toEqual([]);
}

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
  await expect(page.getByLabel("Language of the edition")).toHaveValue("es");
  await expect(page.getByLabel("Title in that language")).toHaveValue("El trabajo por turnos en casa");
  // What the aligner proposes from lengths alone: off by one.
  await expect.poll(() => pairs(page)).toEqual(["Shift work | —", "Parents on | El trabajo", "Weekends stop + A rota | Quienes trabajan", "— | Un cuadrante"]);
  await expectAccessible(page, "the alignment preview");

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
  await expectAccessible(ana, "the side-by-side reader");
  await ana.setViewportSize({ width: 390, height: 844 });
  await expect(pane).toBeHidden();
  await ana.screenshot({ path: path.join(shots, "editions-reader-phone-en.png") });

  await english.close();
  await spanish.close();
});
