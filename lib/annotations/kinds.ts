/** The labelled kinds of annotation; each has a colour and a pattern, so colour is never the only cue. */
export const annotationKinds = ["key_point", "question", "disagree", "example", "definition"] as const;

/** One kind of annotation. */
export type AnnotationKind = (typeof annotationKinds)[number];

/** Who can see an annotation: the whole session, or only its author (a personal note). */
export const visibilities = ["shared", "private"] as const;

/** One visibility. */
export type Visibility = (typeof visibilities)[number];

/** Longest passage one annotation may cover, in characters. */
export const MAX_PASSAGE_LENGTH = 20_000;

/** How each kind looks: a highlight colour, an underline style and a marker glyph for margins and lists. */
export const kindStyles: Record<AnnotationKind, { colour: string; underline: "solid" | "dotted" | "dashed" | "wavy" | "double"; marker: string }> = {
  key_point: { colour: "#f5c518", underline: "solid", marker: "★" },
  question: { colour: "#4aa3ff", underline: "dotted", marker: "?" },
  disagree: { colour: "#ff6b6b", underline: "wavy", marker: "✕" },
  example: { colour: "#3ccf8e", underline: "dashed", marker: "◆" },
  definition: { colour: "#b388ff", underline: "double", marker: "≡" },
};
