// Hosts and the sensor from the command line, for headless capture: the same API calls as the Hosts
// page. Questions (host keys, passwords) are answered on the terminal, or host keys with
// --accept-host-key when there is no terminal.
import type { Command } from 'commander';
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import type { WorkbenchApi } from '../../src-shared/api/contract.ts';
import type { HostSummary, Prompt } from '../../src-shared/api/domain.ts';
import { ApiError } from '../../src-shared/api/errors.ts';
import type { CliIo } from './program.ts';
import { terminalSafe } from './terminal-text.ts';

interface CaseOptions {
  case: string;
  acceptHostKey?: string[];
}

async function answer(prompt: Prompt, options: CaseOptions, io: CliIo): Promise<boolean | string | null> {
  const interactive = process.stdin.isTTY === true;
  if (prompt.kind === 'host-key') {
    io.err(`The host key of ${prompt.host} (${prompt.address}:${prompt.port}) is unknown: ${prompt.keyType} ${prompt.fingerprint}\n`);
    if (options.acceptHostKey?.includes(prompt.fingerprint)) return true;
    if (!interactive) {
      io.err(`Refused. Check it on the host (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then pass --accept-host-key ${prompt.fingerprint}\n`);
      return false;
    }
  } else if (!interactive) {
    io.err(`${prompt.prompt}: needed, but there is no terminal to ask on. Use a key or ssh-agent for unattended runs.\n`);
    return null;
  }
  const terminal = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    if (prompt.kind === 'host-key') return /^y(es)?$/i.test(await terminal.question('Trust this key and connect? [y/N] '));
    return await terminal.question(`${prompt.prompt}: `);
  } finally {
    terminal.close();
  }
}

async function openCase(api: WorkbenchApi, options: CaseOptions, io: CliIo): Promise<void> {
  api.subscribe('prompts', {}, (event) => {
    if (event.state === 'open') void answer(event.prompt, options, io).then((value) => api.call('prompts.answer', { id: event.prompt.id, answer: value }).catch(() => undefined));
  });
  await api.call('cases.open', { path: resolve(options.case) });
}

async function hostNamed(api: WorkbenchApi, name: string): Promise<HostSummary> {
  const hosts = await api.call('hosts.list', {});
  const host = hosts.find((h) => h.name === name);
  if (!host) throw new ApiError('not_found', `No host named ${name} in this case (it has: ${hosts.map((h) => h.name).join(', ') || 'none'}).`, 'Add it with `workbench hosts add`.');
  return host;
}

function withCase(command: Command): Command {
  return command.requiredOption('--case <file>', 'the case file').option('--accept-host-key <fingerprint...>', 'trust these host key fingerprints (SHA256:…) without asking');
}

export function addFleetCommands(program: Command, io: CliIo, api: () => WorkbenchApi): void {
  const hosts = program.commands.find((c) => c.name() === 'hosts')!;
  withCase(hosts.command('add').argument('<name>', 'what to call the host'))
    .requiredOption('--address <address>', 'hostname or IP address')
    .option('--port <n>', 'SSH port', (v) => Number.parseInt(v, 10), 22)
    .option('--user <user>', 'login user', 'root')
    .option('--identity <file>', 'private key file')
    .option('--jump <host>', 'reach it through this host of the case')
    .description('add a host to a case')
    .action(async (name: string, options: CaseOptions & { address: string; port: number; user: string; identity?: string; jump?: string }) => {
      const client = api();
      await openCase(client, options, io);
      const jumpHostId = options.jump ? (await hostNamed(client, options.jump)).id : null;
      const host = await client.call('hosts.add', { name, address: options.address, port: options.port, user: options.user, identityFile: options.identity ? resolve(options.identity) : '', jumpHostId });
      io.out(`added ${host.name} (${host.user}@${host.address}:${host.port})\n`);
    });
  withCase(hosts.command('add-local').argument('[name]', 'what to call this machine (default: its hostname)'))
    .description('add the machine the workbench runs on as a host, reached without SSH (local mode)')
    .action(async (name: string | undefined, options: CaseOptions) => {
      const client = api();
      await openCase(client, options, io);
      const host = await client.call('hosts.addLocal', name ? { name } : {});
      io.out(`added ${host.name} (this machine, no SSH)\n`);
    });
  withCase(hosts.command('remove').argument('<name>', 'the host'))
    .description('remove a host and its events from a case')
    .action(async (name: string, options: CaseOptions) => {
      const client = api();
      await openCase(client, options, io);
      await client.call('hosts.remove', { id: (await hostNamed(client, name)).id });
      io.out(`removed ${name}\n`);
    });

  const sensor = program.command('sensor').description('the eBPF sensor on a host: deploy, start, stop, uninstall');
  for (const [action, description] of [
    ['deploy', 'upload the sensor, verify its SHA-256 on the host'],
    ['start', 'start the sensor daemon (it spools on the host)'],
    ['stop', 'stop the sensor daemon'],
    ['uninstall', 'stop it and remove everything it put on the host'],
  ] as const) {
    withCase(sensor.command(action).argument('<host>', 'the host'))
      .description(description)
      .action(async (name: string, options: CaseOptions) => {
        const client = api();
        await openCase(client, options, io);
        client.subscribe('progress', {}, (event) => io.err(`${event.title}: ${event.detail}\n`));
        const hostId = (await hostNamed(client, name)).id;
        const host = await client.call(`sensor.${action}`, { hostId });
        io.out(`${host.name}: sensor ${host.sensor}\n`);
      });
  }

  withCase(program.command('stream').argument('<host>', 'the host'))
    .option('--duration <seconds>', 'stop after this long (default: until Ctrl+C)', (v) => Number.parseFloat(v))
    .description('capture a host into a case headless: stream its sensor, reconnecting as needed')
    .action(async (name: string, options: CaseOptions & { duration?: number }) => {
      const client = api();
      await openCase(client, options, io);
      const hostId = (await hostNamed(client, name)).id;
      await client.call('capture.start', { hostId });
      const report = async () => {
        const host = (await client.call('hosts.list', {})).find((h) => h.id === hostId);
        const c = host?.capture;
        if (c) io.err(`${name}: ${c.state} · ${c.committed} stored · ${c.reconnects} reconnects · drops ${c.kernelDrops} kernel, ${c.spoolDrops + c.lostInGaps} spool${c.problems.length ? ` · ${terminalSafe(c.problems.at(-1)!)}` : ''}\n`);
      };
      const timer = setInterval(() => void report(), 1000);
      await new Promise<void>((done) => {
        const stop = () => done();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        if (options.duration) setTimeout(stop, options.duration * 1000);
      });
      clearInterval(timer);
      const host = await client.call('capture.stop', { hostId });
      io.out(`${host.name}: ${host.eventCount} events in the case\n`);
    });
}
