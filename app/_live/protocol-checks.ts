// The protocol's zod schemas as the browser loads them (lazily, see operation-check.ts): zod is
// configured jitless before lib/protocol builds a single schema (imports evaluate in order).
import "./zod-jitless";

export { operationMessageSchema } from "@/lib/protocol";
