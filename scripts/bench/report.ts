/** One figure of the benchmark: ours beside the bare server's, with a target when the issue sets one. */
export type Figure = {
  scenario: string;
  name: string;
  unit: string;
  ours: number;
  /** The bare server's figure; null when there is nothing comparable. */
  bare: number | null;
  target?: { text: string; met: boolean };
  note?: string;
};

/** ours ÷ bare, or NaN when there is no bare figure. */
export function ratio(figure: Pick<Figure, "ours" | "bare">): number {
  return figure.bare === null || figure.bare === 0 ? Number.NaN : figure.ours / figure.bare;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return "–";
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The results as a plain-text table, one row per figure, then the notes; `columns` names the two compared columns. */
export function formatTable(figures: readonly Figure[], columns: { ours: string; bare: string } = { ours: "Study Circle", bare: "bare Socket.IO" }): string {
  const header = ["scenario", "figure", columns.ours, columns.bare, "ratio", "target", "result"];
  const rows = figures.map((figure) => [
    figure.scenario,
    `${figure.name} (${figure.unit})`,
    formatNumber(figure.ours),
    figure.bare === null ? "n/a" : formatNumber(figure.bare),
    figure.bare === null ? "–" : `${formatNumber(ratio(figure))}×`,
    figure.target?.text ?? "",
    figure.target ? (figure.target.met ? "PASS" : "MISS") : "",
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const numeric = new Set([2, 3, 4]);
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "─".repeat(width)).join("  ");
  const notes = figures.filter((figure) => figure.note).map((figure) => `  * ${figure.scenario}, ${figure.name}: ${figure.note}`);
  return [line(header), rule, ...rows.map(line), ...(notes.length ? ["", ...notes] : [])].join("\n");
}
