// `npm run bench`: every benchmark the project has, one after another. React renders in production mode.
const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "production";

const { benchArticles } = await import("./articles");
benchArticles();

export {};
