// Gets a fresh clone to a runnable state: Node >= 22 (installed from the npm registry into .tools when
// the system's is older) and the locked npm packages. Plain JavaScript that runs on old Node, because it
// is what runs before the right Node exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsNode = join(root, '.tools', 'node_modules', '.bin', 'node');
const minimumMajor = 22;

export function say(message) {
  process.stdout.write(`\u001b[36m[setup]\u001b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\u001b[31m[setup] ${message}\u001b[0m\n`);
  process.exit(1);
}

function majorOf(nodePath) {
  const result = spawnSync(nodePath, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return result.status === 0 ? Number.parseInt(result.stdout, 10) : 0;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

/** The path of a Node >= 22: this one, the one in .tools, or one installed there now. */
export function ensureNode() {
  if (Number.parseInt(process.versions.node, 10) >= minimumMajor) return process.execPath;
  if (existsSync(toolsNode) && majorOf(toolsNode) >= minimumMajor) return toolsNode;
  say(`Node ${process.versions.node} is too old (the workbench needs ${minimumMajor}+); installing node@${minimumMajor} from the npm registry into .tools/ …`);
  const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  if (npm.status !== 0) fail('npm is missing. Install it first: sudo apt-get install npm');
  if (run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(root, '.tools'), `node@${minimumMajor}`]) !== 0 || majorOf(toolsNode) < minimumMajor) {
    fail(`installing node@${minimumMajor} failed (see npm's output above). Install Node ${minimumMajor}+ yourself and run the command again.`);
  }
  return toolsNode;
}

export function envWithNode(nodePath, extra = {}) {
  return { ...process.env, PATH: `${dirname(nodePath)}${process.platform === 'win32' ? ';' : ':'}${process.env.PATH ?? ''}`, ...extra };
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensurePackages(nodePath) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  say('installing npm packages (npm ci) …');
  if (run('npm', ['ci', '--no-audit', '--no-fund'], { env: envWithNode(nodePath) }) !== 0) {
    fail('npm ci failed (see above). Check that the npm registry is reachable, then run the command again.');
  }
}

/** Re-runs the current script under Node >= 22 when this process is older; returns only when already there. */
export function continueUnderNode(nodePath) {
  if (nodePath === process.execPath) return;
  const result = spawnSync(nodePath, process.argv.slice(1), { stdio: 'inherit', env: envWithNode(nodePath) });
  process.exit(result.status ?? 1);
}

export function setUp() {
  const node = ensureNode();
  ensurePackages(node);
  continueUnderNode(node);
  return node;
}
