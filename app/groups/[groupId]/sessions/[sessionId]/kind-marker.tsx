import { kindStyles, type AnnotationKind } from "@/lib/annotations/kinds";

/** The marker glyph on the kind's colour: colour and shape together, so colour is never the only cue. */
export function KindMarker({ kind }: { kind: AnnotationKind }) {
  const style = kindStyles[kind];
  return (
    <span className="kind-marker" style={{ background: style.colour }} aria-hidden="true">
      {style.marker}
    </span>
  );
}
