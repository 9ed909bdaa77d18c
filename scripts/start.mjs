// `npm start`: the workbench on the bundled demo case. In Electron when its binary is installed; else in
// the system browser through the browser host (Electron's binary is downloaded on first use, which an
// offline machine cannot do, so we never trigger that).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root, say, setUp } from './toolchain.mjs';

const node = setUp();

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  const built = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(built) || !existsSync(join(root, 'out', 'main', 'main.js'))) return true;
  const sources = ['src-renderer', 'src-shared', 'src-main'].map((dir) => newestMtime(join(root, dir)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

/** The Electron executable when it is really installed; null when only the npm package is. */
function installedElectron() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

if (buildIsStale()) {
  say('building the app (electron-vite build) …');
  const build = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const electron = installedElectron();
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (electron && hasDisplay) {
  say('starting the Electron app …');
  spawn(electron, [root], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  say(
    electron
      ? 'no display found: serving the workbench to a browser instead of opening a window.'
      : "Electron's binary is not installed (npm's electron package downloads it on first use; this machine may be offline): opening the workbench in a browser instead.",
  );
  const child = spawn(node, [join(root, 'src-main', 'cli', 'main.ts'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
