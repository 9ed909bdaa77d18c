// The headless command line: the same Workbench API as the UI, called in-process.
import { Command, CommanderError, Option } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkbenchApi } from '../../src-shared/api/contract.ts';
import { inProcessApi } from '../../src-shared/api/dispatch.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import { MemorySecretStore, nodePaths } from '../platform/index.ts';
import { startBrowserHost } from '../server/index.ts';
import { appVersion, Workbench } from '../workbench.ts';
import { table, terminalSafe } from './terminal-text.ts';
import { openInBrowser } from './open-browser.ts';
import { addRulesCommands } from './rules-command.ts';
import { addSigmaCommands } from './sigma-command.ts';
import { addDetectCommand } from './detect-command.ts';
import { addFleetCommands } from './fleet-commands.ts';
import { addPacksCommands } from './packs-command.ts';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const checkoutRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultRendererDir = join(checkoutRoot, 'out', 'renderer');

function isoTime(ns: number): string {
  return new Date(Math.floor(ns / 1e6)).toISOString().replace('T', ' ').slice(0, 23);
}

export function buildProgram(io: CliIo, running: { workbench?: Workbench } = {}): Command {
  const workbench = () => (running.workbench ??= new Workbench({ host: 'cli', paths: nodePaths(io.env), secrets: new MemorySecretStore() }));
  const api = (): WorkbenchApi => inProcessApi(workbench().handlers());
  const withCase = async (file: string | undefined): Promise<WorkbenchApi> => {
    const client = api();
    if (file === undefined) await client.call('cases.openDemo', {});
    else await client.call('cases.open', { path: resolve(file) });
    return client;
  };

  const program = new Command('workbench')
    .description('Cloud security workbench: runtime threats, posture and risks of your hosts and clouds, offline.')
    .version(appVersion)
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .showHelpAfterError();

  program
    .command('info')
    .description('show the version and where the workbench keeps its data')
    .action(async () => {
      const info = await api().call('app.info', {});
      io.out(`${info.name} ${info.version} (${info.platform})\ndata: ${info.dataDir}\ncase schema: ${info.schemaVersion}\n`);
    });

  const cases = program.command('cases').description('list and create case files');
  cases
    .command('list')
    .description('list the cases in the workbench library')
    .action(async () => {
      const list = await api().call('cases.list', {});
      if (list.length === 0) return io.out('No cases yet. Create one with `workbench cases create NAME`, or run `workbench demo`.\n');
      io.out(table(['NAME', 'HOSTS', 'EVENTS', 'FILE'], list.map((c) => [c.name, String(c.hostCount), String(c.eventCount), c.path])) + '\n');
    });
  cases
    .command('create')
    .argument('<name>', 'what the case is about')
    .description('create an empty case and print its file')
    .action(async (name: string) => {
      const created = await api().call('cases.create', { name });
      io.out(`${created.path}\n`);
    });

  program
    .command('demo')
    .description('prepare the bundled demo case and print its file')
    .action(async () => {
      const demo = await api().call('cases.openDemo', {});
      io.out(`${demo.path}\n${demo.hostCount} hosts, ${demo.eventCount} events\n`);
    });

  const hosts = program.command('hosts').description('hosts of a case');
  hosts
    .command('list')
    .option('--case <file>', 'case file (default: the demo case)')
    .description('list the hosts of a case')
    .action(async (options: { case?: string }) => {
      const list = await (await withCase(options.case)).call('hosts.list', {});
      if (list.length === 0) return io.out('This case has no hosts yet.\n');
      io.out(table(['NAME', 'ADDRESS', 'OS', 'KERNEL', 'SENSOR', 'EVENTS'], list.map((h) => [h.name, h.address, h.os, h.kernel, h.sensor, String(h.eventCount)])) + '\n');
    });

  program
    .command('events')
    .description('query the events of a case, newest first')
    .option('--case <file>', 'case file (default: the demo case)')
    .option('--type <type...>', 'only these event types (exec, open, connect, …)')
    .option('--host <name...>', 'only these hosts')
    .option('--search <text>', 'full-text search over command lines and paths')
    .addOption(new Option('--limit <n>', 'at most this many').default(50).argParser((v) => Number.parseInt(v, 10)))
    .option('--json', 'one JSON object per line, as stored')
    .action(async (options: { case?: string; type?: string[]; host?: string[]; search?: string; limit: number; json?: boolean }) => {
      const client = await withCase(options.case);
      let hostIds: number[] | undefined;
      if (options.host) {
        const known = await client.call('hosts.list', {});
        hostIds = options.host.map((name) => {
          const host = known.find((h) => h.name === name);
          if (!host) throw new ApiError('not_found', `No host named ${name} in this case (it has: ${known.map((h) => h.name).join(', ') || 'none'}).`);
          return host.id;
        });
      }
      const page = await client.call('events.query', { types: options.type, hostIds, text: options.search, limit: options.limit });
      if (options.json) return io.out(page.rows.map((row) => JSON.stringify(row.raw)).join('\n') + (page.rows.length ? '\n' : ''));
      io.out(table(['TIME (UTC)', 'HOST', 'TYPE', 'PID', 'PROCESS', 'WHAT'], page.rows.map((e) => [isoTime(e.tsNs), e.hostName, e.type, String(e.pid), e.comm, e.summary])) + '\n');
      io.out(`${page.rows.length} of ${page.total} matching events\n`);
    });

  program
    .command('serve')
    .description('open the workbench UI in a browser (the browser host, on 127.0.0.1)')
    .option('--case <file>', 'case file to open (default: the demo case)')
    .addOption(new Option('--port <n>', 'port (default: any free one)').argParser((v) => Number.parseInt(v, 10)))
    .option('--renderer <dir>', 'built renderer folder', defaultRendererDir)
    .option('--no-open', 'do not open a browser, only print the address')
    .action(async (options: { case?: string; port?: number; renderer: string; open: boolean }) => {
      if (!existsSync(join(options.renderer, 'index.html'))) {
        throw new ApiError('not_found', `The renderer is not built (${options.renderer}/index.html is missing).`, 'Run `npm run build` first, or use `npm start`, which builds it.');
      }
      await withCase(options.case);
      const host = await startBrowserHost({ handlers: workbench().handlers(), rendererDir: options.renderer, port: options.port });
      io.out(`Workbench is running at ${host.url}\n(the address carries this run's access token; press Ctrl+C to stop)\n`);
      if (options.open) openInBrowser(host.url, io);
      await new Promise<void>((done) => {
        const stop = () => void host.close().then(() => done());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  addRulesCommands(program, io);
  addSigmaCommands(program, io);
  addDetectCommand(program, io);
  addFleetCommands(program, io, api);
  addPacksCommands(program, io, api);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are shown as the user can act on them, never as stacks. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const running: { workbench?: Workbench } = {};
  const program = buildProgram(io, running);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ApiError) {
      io.err(`workbench: ${terminalSafe(error.message).replaceAll('\\x0a', '\n')}\n${error.hint ? `${error.hint}\n` : ''}`);
      return 1;
    }
    io.err(`workbench: ${(error as Error).message}\n`);
    return 1;
  } finally {
    running.workbench?.close();
  }
}
