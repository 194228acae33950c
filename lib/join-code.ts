/** Letters and digits that cannot be mistaken for one another when read off a projector. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** Length of a join code. */
export const JOIN_CODE_LENGTH = 6;

/** A fresh random join code, such as "K7MQ2P". */
export function newJoinCode(random: (max: number) => number = (max) => crypto.getRandomValues(new Uint32Array(1))[0]! % max): string {
  return Array.from({ length: JOIN_CODE_LENGTH }, () => ALPHABET[random(ALPHABET.length)]).join("");
}

/** A code as typed by a person: case, spaces and dashes do not matter. */
export function normaliseJoinCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, "").slice(0, 16);
}

/** A code grouped for reading aloud: "K7MQ2P" → "K7M Q2P". */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
