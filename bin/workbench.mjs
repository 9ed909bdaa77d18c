#!/usr/bin/env node
// `npx workbench …`: runs the CLI from source under Node >= 22 (ours, or the one `npm start` / `npm test`
// installed into .tools). Plain JavaScript so that an older system Node can still start it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsNode = join(root, '.tools', 'node_modules', '.bin', 'node');
const node = Number.parseInt(process.versions.node, 10) >= 22 ? process.execPath : existsSync(toolsNode) ? toolsNode : null;
if (node === null) {
  process.stderr.write(`workbench needs Node 22 or newer (this is ${process.versions.node}). Run \`npm start\` or \`npm test\` once: they install it into .tools/.\n`);
  process.exit(1);
}
if (!existsSync(join(root, 'node_modules', 'better-sqlite3'))) {
  process.stderr.write('workbench: the npm packages are not installed. Run `npm ci` (or `npm start`, which does it) first.\n');
  process.exit(1);
}
const result = spawnSync(node, [join(root, 'src-main', 'cli', 'main.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? (result.signal ? 128 : 1));
