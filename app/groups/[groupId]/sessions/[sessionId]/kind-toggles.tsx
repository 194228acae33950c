"use client";

import { useTranslations } from "next-intl";
import { annotationKinds, type AnnotationKind } from "@/lib/annotations/kinds";
import { KindMarker } from "./kind-marker";

type Props = { kinds: Set<AnnotationKind>; onChange: (kinds: Set<AnnotationKind>) => void; label: string; children?: React.ReactNode };

/** One pressable chip per annotation kind, to choose which kinds are shown. */
export function KindToggles({ kinds, onChange, label, children }: Props) {
  const t = useTranslations("annotations");
  return (
    <div className="kind-chips" role="group" aria-label={label}>
      {annotationKinds.map((kind) => (
        <button
          key={kind}
          type="button"
          className="kind-chip"
          aria-pressed={kinds.has(kind)}
          onClick={() => {
            const next = new Set(kinds);
            if (next.has(kind)) next.delete(kind);
            else next.add(kind);
            onChange(next);
          }}
        >
          <KindMarker kind={kind} />
          {t(`kinds.${kind}`)}
        </button>
      ))}
      {children}
    </div>
  );
}
