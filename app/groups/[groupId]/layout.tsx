import "@/app/_components/reader/reader.css";
import "./articles/_editor/editor.css";

/** Group pages share the reader's and the article editor's styles (kept out of globals.css). */
export default function GroupLayout({ children }: { children: React.ReactNode }) {
  return children;
}
