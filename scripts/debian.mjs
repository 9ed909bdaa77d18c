// Checks the Debian packages listed in debian-packages.txt; as root with apt-get, installs the missing
// ones, otherwise says exactly which command to run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail, root, say } from './toolchain.mjs';

export function debianPackages() {
  return readFileSync(join(root, 'scripts', 'debian-packages.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, proof] = line.split(/\s+/);
      return { name, proof };
    });
}

export function ensureDebianPackages() {
  const missing = debianPackages().filter(({ proof }) => !existsSync(proof));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name).join(' ');
  // a NAME:ARCH (e.g. libbpf-dev:arm64) is another architecture's package: dpkg must know that architecture first
  const foreign = [...new Set(missing.map((p) => p.name.split(':')[1]).filter((arch) => arch))];
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('apt-get', ['--version']).status !== 0) {
    const addArch = foreign.map((arch) => `sudo dpkg --add-architecture ${arch} && `).join('');
    fail(`missing Debian packages: ${names}. Install them with: ${addArch}sudo apt-get update && sudo apt-get install -y ${names}`);
  }
  say(`installing Debian packages: ${names} …`);
  for (const arch of foreign) {
    if (spawnSync('dpkg', ['--add-architecture', arch], { stdio: 'inherit' }).status !== 0) fail(`dpkg could not add the ${arch} architecture.`);
  }
  const update = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing.map((p) => p.name)], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (update.status !== 0 || install.status !== 0) fail(`apt-get could not install ${names} (see above).`);
}
