// ESLint for the site's own scripts (the vendored QR code library is someone else's) and the
// Node tools the tests run.  tests/test_workflow.py runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["assets/site/vendor/**", "node_modules/**", "site/**", "site-preview/**", ".venv/**", ".build/**"] },
  js.configs.recommended,
  {
    files: ["assets/site/**/*.js"],
    languageOptions: { ecmaVersion: 2020, sourceType: "script", globals: { ...globals.browser } },
  },
  {
    files: ["tools/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
