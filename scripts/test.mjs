// `npm test`: every check, in order, with progress; ends with one line of totals. `npm test unit` or
// `npm test e2e` runs one part. Exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from './debian.mjs';
import { root, setUp } from './toolchain.mjs';

setUp();
const bin = (name) => join(root, 'node_modules', '.bin', name);
const resultsDir = join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const vitest = (id, name, config) => ({
  name,
  command: bin('vitest'),
  args: ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${join(resultsDir, `${id}.json`)}`],
  results: join(resultsDir, `${id}.json`),
});

const stages = {
  typecheck: [
    { name: 'typecheck src-shared (no Node, no DOM)', command: bin('tsc'), args: ['-p', 'tsconfig.shared.json'] },
    { name: 'typecheck src-main, Electron shell and preload (against electron.d.ts), tests', command: bin('tsc'), args: ['-p', 'tsconfig.node.json'] },
    { name: 'typecheck src-renderer', command: bin('tsc'), args: ['-p', 'tsconfig.web.json'] },
    { name: 'typecheck e2e specs', command: bin('tsc'), args: ['-p', 'tsconfig.e2e.json'] },
  ],
  lint: [{ name: 'lint (with the layering rules)', command: bin('eslint'), args: ['--max-warnings', '0', '.'] }],
  build: [{ name: 'build main, preload and renderer (electron-vite)', command: bin('electron-vite'), args: ['build'] }],
  sensor: existsSync(join(root, 'sensor', 'Makefile')) ? [{ name: 'build the eBPF sensor (x86_64 and aarch64)', command: 'make', args: ['-C', 'sensor', 'all', 'test-programs', 'aarch64'] }] : [],
  rules: [{ name: 'the tests of the bundled rule pack (npx workbench rules test)', command: process.execPath, args: [join(root, 'bin', 'workbench.mjs'), 'rules', 'test'] }],
  unit: [vitest('unit', 'unit and integration tests', 'vitest.config.ts')],
  e2e: [vitest('e2e', 'e2e tests in Chromium', 'vitest.e2e.config.ts')],
};

const parts = {
  all: ['typecheck', 'lint', 'build', 'sensor', 'rules', 'unit', 'e2e'],
  unit: ['sensor', 'rules', 'unit'],
  e2e: ['build', 'e2e'],
};
const part = process.argv[2] ?? 'all';
if (!parts[part]) {
  console.error(`Unknown part ${part}: use one of ${Object.keys(parts).join(', ')}`);
  process.exit(2);
}
if (parts[part].includes('e2e') || parts[part].includes('sensor')) ensureDebianPackages();

const plan = parts[part].flatMap((stage) => stages[stage]);
const outcomes = [];
plan.forEach((step, index) => {
  process.stdout.write(`\n\u001b[1m[${index + 1}/${plan.length}] ${step.name}\u001b[0m\n`);
  const started = Date.now();
  const result = spawnSync(step.command, step.args, { cwd: root, stdio: 'inherit', env: process.env.CI ? { ...process.env, NO_COLOR: '1' } : { ...process.env, FORCE_COLOR: '1' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let tests = null;
  if (step.results && existsSync(step.results)) {
    const report = JSON.parse(readFileSync(step.results, 'utf8'));
    tests = { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  }
  outcomes.push({ name: step.name, ok: result.status === 0, seconds, tests, error: result.error?.message });
});

process.stdout.write('\n\u001b[1mSummary\u001b[0m\n');
for (const outcome of outcomes) {
  const counts = outcome.tests ? ` (${outcome.tests.passed} passed, ${outcome.tests.failed} failed, ${outcome.tests.skipped} skipped)` : '';
  process.stdout.write(`  ${outcome.ok ? 'ok  ' : 'FAIL'} ${outcome.name}${counts} ${outcome.seconds}s${outcome.error ? ` — ${outcome.error}` : ''}\n`);
}
const totals = outcomes.reduce(
  (sum, o) => ({
    passed: sum.passed + (o.tests?.passed ?? (o.ok ? 1 : 0)),
    failed: sum.failed + (o.tests?.failed ?? 0) + (o.ok ? 0 : o.tests ? (o.tests.failed === 0 ? 1 : 0) : 1),
    skipped: sum.skipped + (o.tests?.skipped ?? 0),
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
// One plain closing line: checks count as one each, test files' tests count individually.
process.stdout.write(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
