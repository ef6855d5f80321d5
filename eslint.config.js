// Lint rules: typescript-eslint's recommended type-aware set over src/ and tests/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "src/generated/",
      ".wrangler/",
      ".edgefeed/",
      "test-artifacts/",
      "tests/.generated/",
      // Where `npm run deploy -- --dry-run --outdir dist` writes the bundle (git-ignored too).
      "dist/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      eqeqeq: ["error", "always"],
      "no-control-regex": "off",
    },
  },
);
