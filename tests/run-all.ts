/**
 * `npm test`: lint, typecheck, unit and server tests, both extension builds, the Console's build, Mozilla's
 * add-ons linter and the e2e suite, in that order. Every step runs even when an earlier
 * one failed, so one run shows everything that is wrong. The last line printed is the
 * total over all suites: `N passed, N failed` (lint, typecheck, builds count as one each).
 * Where no PostgreSQL could be had, the server suite's PostgreSQL half is not dropped from
 * the count: its tests are reported as skipped, with the reason, just above that line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { z } from 'zod';
import { POSTGRES_SKIPPED_FILE } from '../server/__tests__/global-setup';

interface StepResult {
  name: string;
  passed: number;
  failed: number;
  /** Tests that could not run here, and why. */
  skipped?: { count: number; reason: string };
  seconds: number;
}

const results: StepResult[] = [];

function run(command: string, args: string[]): boolean {
  const outcome = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return outcome.status === 0;
}

function check(name: string, command: string, args: string[]): void {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const ok = run(command, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1, seconds: (Date.now() - started) / 1000 });
}

const VitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numTotalTests: z.number(),
  testResults: z.array(z.object({ assertionResults: z.array(z.object({ ancestorTitles: z.array(z.string()), status: z.string() })) })),
});

/**
 * Tests only PostgreSQL can run (`describe.skipIf(…)('… on postgres')`, e.g. replicas on one
 * database), skipped because the setup had no PostgreSQL: part of the skipped half, not failures.
 */
function skippedPostgresOnly(report: z.infer<typeof VitestReport>): number {
  if (!existsSync(POSTGRES_SKIPPED_FILE)) return 0;
  return report.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.status === 'skipped' && test.ancestorTitles.some((title) => title.endsWith(' on postgres'))).length;
}

/**
 * The PostgreSQL half that did not run: every server suite runs once per engine
 * (`describe.each(engines())('… on %s')`), so it has as many tests as the PGlite half, and
 * the PostgreSQL-only tests besides.
 */
function skippedPostgresHalf(report: z.infer<typeof VitestReport>): StepResult['skipped'] {
  if (!existsSync(POSTGRES_SKIPPED_FILE)) return undefined;
  const { reason } = z.object({ reason: z.string() }).parse(JSON.parse(readFileSync(POSTGRES_SKIPPED_FILE, 'utf8')));
  const mirrored = report.testResults
    .flatMap((file) => file.assertionResults)
    .filter((test) => test.ancestorTitles.some((title) => title.endsWith(' on pglite'))).length;
  return { count: mirrored + skippedPostgresOnly(report), reason: `PostgreSQL half of the server suite: ${reason}` };
}
const PlaywrightReport = z.object({
  stats: z.object({ expected: z.number(), unexpected: z.number(), flaky: z.number(), skipped: z.number() }),
});

function suite(
  name: string,
  command: string,
  args: string[],
  reportPath: string,
  count: (json: unknown) => [number, number, StepResult['skipped']?],
): void {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  rmSync(reportPath, { force: true });
  const ok = run(command, args);
  let passed = 0;
  let failed = 0;
  let skipped: StepResult['skipped'];
  try {
    [passed, failed, skipped] = count(JSON.parse(readFileSync(reportPath, 'utf8')));
  } catch (error) {
    console.error(`${name}: no readable report at ${reportPath} (${String(error)})`);
  }
  // A runner that crashed or failed without a failing test still counts as a failure.
  if (!ok && failed === 0) failed = 1;
  results.push({ name, passed, failed, skipped, seconds: (Date.now() - started) / 1000 });
}

mkdirSync('test-results', { recursive: true });
check('lint', 'npx', ['eslint', '.']);
check('typecheck', 'npx', ['tsc', '--noEmit']);
suite(
  'unit + server',
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
  'test-results/vitest.json',
  (json) => {
    const report = VitestReport.parse(json);
    // A test skipped in the code counts as failed (the suite has none on purpose), except
    // a PostgreSQL-only test on a machine without PostgreSQL, which is reported as skipped.
    const unexplained = report.numTotalTests - report.numPassedTests - report.numFailedTests - skippedPostgresOnly(report);
    return [report.numPassedTests, report.numFailedTests + unexplained, skippedPostgresHalf(report)];
  },
);
check('build (Chrome MV3 + Firefox)', 'npm', ['run', 'build']);
// The server serves the built Console at /console; its e2e specs need it.
check('build (Console)', 'npm', ['run', 'build:console']);
if (existsSync('.output/firefox-mv2')) {
  check('Firefox add-ons linter', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--self-hosted']);
}
suite('e2e (Chromium + extension)', 'npx', ['playwright', 'test'], 'test-results/e2e.json', (json) => {
  const { stats } = PlaywrightReport.parse(json);
  return [stats.expected + stats.flaky, stats.unexpected + stats.skipped];
});

console.log('\nsuite                          passed  failed  skipped  seconds');
for (const result of results) {
  console.log(
    `${result.name.padEnd(30)} ${String(result.passed).padStart(6)}  ${String(result.failed).padStart(6)}  ${String(result.skipped?.count ?? 0).padStart(7)}  ${result.seconds.toFixed(0).padStart(7)}`,
  );
}
const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
for (const { name, skipped } of results) if (skipped) console.log(`${skipped.count} skipped in ${name}: ${skipped.reason}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
