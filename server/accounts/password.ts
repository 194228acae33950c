import { hash, verify } from "@node-rs/argon2";

/** The rules a new password must meet. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

const commonPasswords = new Set([
  "password", "password1", "password123", "1234567890", "12345678910", "qwertyuiop", "iloveyou12",
  "contraseña", "contrasena", "contraseña1", "123456789a", "abcdefghij", "letmein123", "welcome123",
]);

/** Why a password is too weak (a message key), or null when it will do. */
export function passwordWeakness(password: string, username: string): "tooShort" | "tooLong" | "tooCommon" | null {
  if (password.length < PASSWORD_MIN_LENGTH) return "tooShort";
  if (password.length > PASSWORD_MAX_LENGTH) return "tooLong";
  const lowered = password.toLowerCase();
  if (commonPasswords.has(lowered) || lowered.includes(username.toLowerCase()) || new Set(lowered).size < 4) return "tooCommon";
  return null;
}

/** Hashes a password with Argon2id (memory-hard). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

const decoyHash = hash("decoy password that nobody has", { memoryCost: 19456, timeCost: 2, parallelism: 1 });

/** Checks a password; without a stored hash it still spends the same time, so timing does not reveal accounts. */
export async function verifyPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (!storedHash) {
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
