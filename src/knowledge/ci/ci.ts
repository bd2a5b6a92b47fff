// CI knowledge: which files are CI pipelines (discovery classifies them as 'ci-config') and whether
// a pipeline runs tests.
//
// Decision: a pipeline runs tests when its text runs a known test command (npm/yarn/pnpm/bun test,
// pytest, go test, cargo test, mvn verify/test/package/install, gradle test/check/build, dotnet
// test, rspec, phpunit, jest, vitest, mocha, tox, nox, make test/check, ctest, bazel test, mix
// test, deno test, flutter test, playwright test, cypress run, turbo/nx test), or a job, step or
// reusable workflow is named for tests (`test:`, `name: Run tests`, `uses: ./.github/workflows/test.yml`).

import type { SourceFile } from '../../model/types.js';
import type { Project } from '../../model/project.js';
import { linearRegExp, type LinearRegExp } from '../../parsers/linear-regex.js';

// Run on RE2 (linear-regex.ts): `[^\n]*` between two words, or `^\s*(-\s+)?` over blank lines, was
// quadratic to cubic on a long line of a pipeline file.
const TEST_COMMANDS: LinearRegExp[] = [
  /\b(npm|pnpm|yarn|bun)\s+(run\s+)?(test|tests|test:[\w:-]+|ci|check|coverage)\b/,
  /\bnpm\s+(cit|it|install-test)\b/,
  /\b(npx\s+|pnpm\s+exec\s+|yarn\s+)?(jest|vitest|mocha|ava|karma|jasmine|playwright\s+test|cypress\s+run)\b/,
  /\b(python\d?(\.\d+)?\s+-m\s+)?(pytest|py\.test|tox|nox|unittest)\b/,
  /\bmanage\.py\s+test\b/,
  /\bgo\s+test\b/,
  /\bgotestsum\b/,
  /\bcargo\s+(test|nextest)\b/,
  /\b(mvn|mvnw|\.\/mvnw)\b[^\n]*\b(test|verify|package|install)\b/,
  /\b(gradle|gradlew|\.\/gradlew)\b[^\n]*\b(test|check|build)\b/,
  /\bdotnet\s+test\b/,
  /\b(bundle\s+exec\s+)?(rspec|rake\s+(test|spec))\b/,
  /\b(rails|bin\/rails)\s+test\b/,
  /\bphpunit\b|\bpest\b|\bartisan\s+test\b/,
  /\bmake\s+(test|tests|check|ci|unit|integration)\b/,
  /\bctest\b|\bbazel\s+test\b|\bmix\s+test\b|\bdeno\s+test\b|\bflutter\s+test\b|\bswift\s+test\b|\bsbt\b[^\n]*\btest\b/,
  /\b(turbo|nx)\s+(run\s+)?(test|affected)\b/,
  /\bhelm\s+(unittest|test)\b|\bct\s+(lint-and-install|install)\b/,
  /\bbats\b|\bshellspec\b/,
  /\bdocker\s+(buildx\s+)?build\b[^\n]*--target[=\s]+[\w-]*test/,
  /\bdocker[\s-]compose\b[^\n]*\brun\b[^\n]*\btests?\b/,
].map((re) => linearRegExp(re));

const TEST_NAMES: LinearRegExp[] = [
  /^\s*(-\s+)?name:\s*["']?[^\n]*\b(tests?|testing|unit|integration|e2e|spec)\b/im,
  /^\s{0,4}["']?[\w-]*test[\w-]*["']?:\s*$/im,
  /^\s*(-\s+)?uses:\s*\S*test\S*/im,
  /\bstage\s*\(\s*["'][^"']*\btest/i,
].map((re) => linearRegExp(re));

/** Does the CI definition run tests? */
export function ciRunsTests(text: string): boolean {
  return TEST_COMMANDS.some((re) => re.test(text)) || TEST_NAMES.some((re) => re.test(text));
}

/** CI definitions of the project (GitHub Actions, GitLab CI, CircleCI, Jenkins, Azure, Bitbucket). */
export function ciFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => f.kind === 'ci-config');
}
