import { accessSync, constants, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The absolute path of a program, looked up in the given directories and then in PATH.
 * Debian puts nginx in /usr/sbin, which is not in a normal user's PATH, hence the extra directories.
 */
export function findBinary(name: string, debianPackage: string, directories: string[] = []): string {
  const searched = [...directories, ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean)];
  for (const directory of searched) {
    const candidate = path.join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(`${name} is not installed (looked in ${searched.join(", ")}): install Debian's ${debianPackage} package (apt-get install -y ${debianPackage})`);
}

/**
 * The bin directory of the newest PostgreSQL server on the machine. Debian keeps each major
 * version in /usr/lib/postgresql/<version>/bin and puts none of the server programs in PATH.
 */
export function postgresBinDirectory(root = "/usr/lib/postgresql"): string {
  const versions = listDirectory(root)
    .filter((entry) => /^\d+$/.test(entry) && isExecutable(path.join(root, entry, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  if (newest === undefined)
    throw new Error(`the PostgreSQL server is not installed (no ${root}/<version>/bin/postgres): install Debian's postgresql package (apt-get install -y postgresql)`);
  return path.join(root, newest, "bin");
}

function listDirectory(directory: string): string[] {
  try {
    return readdirSync(directory);
  } catch {
    return [];
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
