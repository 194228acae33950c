// `npm run bench`: every benchmark the project has, one after another. React renders in production mode.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";

const { benchArticles } = await import("./articles");
benchArticles();

const { benchReview } = await import("./review");
process.stdout.write("\n== review: search and replay\n");
for (const figure of await benchReview()) {
  process.stdout.write(`  ${figure.name.padEnd(70)} ${String(figure.value).padStart(10)} ${figure.unit}${figure.note ? `   (${figure.note})` : ""}\n`);
}

export {};
