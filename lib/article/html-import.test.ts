import { describe, expect, it } from "vitest";
import { canonicalText } from "./blocks";
import { finaliseBlocks } from "./draft";
import { fixture } from "./fixtures";
import { importHtml, sanitizeImportedHtml } from "./html-import";

const baseUrl = "https://diario.example.org/ciudad/biblioteca";

describe("importHtml on a news page with navigation, ads and scripts", () => {
  const result = importHtml(fixture("news-page.html"), { baseUrl });

  it("reads the page's details", () => {
    expect(result.details).toEqual({
      title: "La biblioteca que no cerró",
      author: "Lucía Fernández",
      sourceName: "El Diario del Barrio",
      sourceUrl: baseUrl,
      publishedOn: "2025-10-07",
      language: "es",
    });
  });

  it("keeps exactly the article body, in order and with its structure", () => {
    expect(result.blocks.map((block) => block.type)).toEqual([
      "paragraph",
      "paragraph",
      "image",
      "caption",
      "heading",
      "paragraph",
      "paragraph",
      "list_item",
      "list_item",
      "list_item",
      "quote",
      "heading",
      "paragraph",
      "paragraph",
    ]);
    expect(result.blocks.filter((block) => block.type === "heading").map((block) => block.text)).toEqual(["Una asamblea en la cocina", "Tres semanas de puertas abiertas"]);
    expect(result.blocks[10]!.text).toBe("No pedíamos nada nuevo. Pedíamos la biblioteca que ya teníamos, y poder opinar sobre lo que le pasa.");
  });

  it("leaves out navigation, ads, related links, comments, footer and anything scripts would write", () => {
    const text = canonicalText(finaliseBlocks(result.blocks));
    for (const chrome of ["Deportes", "Publicidad", "Compre ahora", "Noticias relacionadas", "piscinas", "Comentarios", "enhorabuena", "Aviso legal", "boletín", "Texto inyectado", "dataLayer", "track()", "tracker"]) {
      expect(text).not.toContain(chrome);
    }
    expect(result.blocks.filter((block) => block.type === "image").map((block) => block.image!.src)).toEqual(["https://diario.example.org/media/2025/10/sala-de-lectura.jpg"]);
  });

  it("keeps safe links and emphasis, drops javascript: links but keeps their words", () => {
    const assembly = result.blocks[5]!;
    const link = assembly.marks!.find((mark) => mark.type === "link")!;
    expect(assembly.text.slice(link.start, link.end)).toBe("acta de aquella tarde");
    expect(link.href).toBe("https://example.org/acta.pdf");
    expect(assembly.marks!.some((mark) => mark.type === "em" && assembly.text.slice(mark.start, mark.end) === "alguien")).toBe(true);
    const last = result.blocks.at(-1)!;
    expect(last.text).toContain("Lea aquí el acuerdo completo.");
    expect(last.marks ?? []).toEqual([]);
    expect(result.blocks[0]!.marks).toEqual([{ type: "strong", start: 0, end: 112 }]);
  });
});

describe("sanitizeImportedHtml", () => {
  const hostile = `<p onclick="steal()" style="position:fixed">Hi<script>alert(1)</script>
    <a href="javascript:alert(1)">x</a><a href="JaVaScRiPt:alert(1)">y</a><a href="https://ok.example/">ok</a>
    <iframe src="https://evil.example/"></iframe><img src="x" onerror="alert(1)"><img src="javascript:alert(1)">
    <svg onload="alert(1)"><script>alert(2)</script></svg><object data="x.swf"></object><style>*{}</style>
    <form action="https://evil.example/"><input name="q"></form><a href="data:text/html,<script>alert(1)</script>">d</a></p>`;
  const clean = sanitizeImportedHtml(hostile);

  it("removes scripts, event handlers, javascript: URLs, iframes, objects, forms and styles", () => {
    expect(clean).not.toMatch(/<script|<iframe|<object|<svg|<style|<form|<input/i);
    expect(clean).not.toMatch(/\son\w+\s*=/i);
    expect(clean).not.toMatch(/javascript:/i);
    expect(clean).not.toMatch(/style=/i);
    expect(clean).not.toMatch(/alert/);
    expect(clean).not.toMatch(/data:text/);
    expect(clean).toContain('<a href="https://ok.example/">ok</a>');
  });

  it("turns the same hostile page into harmless blocks", () => {
    const blocks = finaliseBlocks(importHtml(`<html><body><article>${hostile}<p>${"Plain words. ".repeat(30)}</p></article></body></html>`).blocks);
    const links = blocks.flatMap((block) => block.marks ?? []).filter((mark) => mark.type === "link");
    expect(links.map((mark) => mark.href)).toEqual(["https://ok.example/"]);
    expect(canonicalText(blocks)).not.toMatch(/alert|steal/);
  });
});
