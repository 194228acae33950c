import type { TestProject } from "vitest/node";
import { startPostgres } from "../../scripts/services/postgres";

/** One database per test worker: files of one worker run one after another and empty it between tests. */
const WORKER_DATABASES = 8;

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrls: string[];
  }
}

/** Starts a real PostgreSQL for the database tests of the postgres project, and stops it after them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  const urls: string[] = [];
  for (let worker = 1; worker <= WORKER_DATABASES; worker++) urls.push(await postgres.createDatabase(`worker_${worker}`));
  project.provide("postgresUrls", urls);
  return () => postgres.stop();
}
