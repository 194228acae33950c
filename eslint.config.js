import tseslint from "typescript-eslint";

// Only the checks the compiler cannot make: a promise nobody awaits (a write that may never
// finish before its caller answers) and a promise passed where a plain value is expected.
export default tseslint.config(
  { ignores: ["node_modules/**", ".next/**", "public/**", "e2e/.data/**", "**/*.js", "**/*.mjs", "next-env.d.ts"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
);
