// Types for imported images (the reaction icons), so the typecheck passes on a fresh clone
// before `next build` has written next-env.d.ts, which references the same file.
/// <reference types="next/image-types/global" />
