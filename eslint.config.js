import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** one no-restricted-imports rule per floor: the patterns its files may not import */
function floors(byFiles) {
  return Object.entries(byFiles).map(([files, patterns]) => ({
    files: [files],
    ignores: ["**/*.test.{ts,tsx}"],
    // the same folders reached by a relative path count too
    rules: {
      "no-restricted-imports": ["error", { patterns: patterns.flatMap((p) => (p.startsWith("~/") ? [p, `../${p.slice(2)}`] : [p])) }],
    },
  }));
}

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", "data/**", "drizzle/**", "test-results/**", "**/.*"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      // Chinese layout uses the ideographic space (U+3000) in text on purpose
      "no-irregular-whitespace": ["error", { skipStrings: true, skipTemplates: true, skipJSXText: true, skipComments: true }],
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The floors (docs/decisions/008-forms.md, README's layout): route → services → models / domain
  // → db; an import that runs back up a floor is an error.
  ...floors({
    "app/components/**/*.{ts,tsx}": ["*.server", "*.server.ts", "@db/*", "~/routes/*"],
    "app/domain/**/*.ts": ["*.server", "*.server.ts", "@db/*", "~/routes/*", "~/services/*", "~/models/*", "~/utils/*", "~/components/*"],
    "app/utils/**/*.{ts,tsx}": ["~/routes/*", "~/services/*", "~/models/*", "~/components/*"],
    "app/models/**/*.ts": ["~/routes/*", "~/services/*", "~/components/*"],
    "app/services/**/*.ts": ["~/routes/*", "~/components/*"],
    "db/**/*.ts": ["~/*", "../app/*", "../../app/*", "../scripts/*", "../../scripts/*"],
  }),
);
