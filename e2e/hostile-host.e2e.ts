// A compromised host fights back: its sensor reader is replaced by a program that sends garbage, a 100 MB
// line and a line cut off mid-way. The Hosts page names the host and what was wrong; the other host keeps
// streaming into the case, and nothing the hostile host sent ends up stored. Real OpenSSH hosts (needs root).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { installRoot } from '../src-main/fleet/index.ts';
import { labAvailable, startSshLab, type LabHost, type SshLab } from '../src-main/fleet/lab/ssh-lab.ts';
import { screenshotPath, startSession, type Session } from './harness.ts';

let lab: SshLab;
let session: Session;
let api: ReturnType<typeof inProcessApi>;
const ids = { good: 0, hostile: 0 };

/** What the hostile host's "sensor reader" prints each time it is started: then it ends mid-line. */
const hostileReader = `#!/bin/sh
echo '{"type":"hello","boot_id":"b","spool_id":"0123456789abcdef0123456789abcdef"}'
echo 'GET / HTTP/1.1 <script>alert(1)</script>'
head -c 100000000 /dev/zero | tr '\\0' 'A'; echo
printf '{"seq":1,"ts":1,"type":"exec","process":{"pid":4'
`;

function trust(on: LabHost): void {
  const [type, key] = on.publicKey.split(' ');
  session.workbench.fleet.knownHosts.accept(on.address, on.port, Buffer.from(key!, 'base64'));
  expect(type).toMatch(/^ssh-/);
}

beforeAll(async () => {
  const unavailable = labAvailable();
  if (unavailable) throw new Error(`cannot run the hostile host e2e test: ${unavailable}`);
  lab = await startSshLab();
  session = await startSession({ openDemo: false });
  session.workbench.createCase('hostile');
  api = inProcessApi(session.workbench.handlers());
  for (const on of [lab.a, lab.b]) trust(on);
  ids.good = (await api.call('hosts.add', { name: 'good-a', address: lab.a.address, user: 'root', identityFile: lab.key.path })).id;
  ids.hostile = (await api.call('hosts.add', { name: 'evil-b', address: lab.b.address, user: 'root', identityFile: lab.key.path, jumpHostId: ids.good })).id;
  for (const id of [ids.good, ids.hostile]) await api.call('sensor.deploy', { hostId: id });
  // B's installed sensor is replaced behind our back by the hostile program; every reader we start runs it
  const installed = lab.runIn(lab.b, ['sh', '-c', `ls ${installRoot}/*/workbench-sensor`]).trim();
  lab.runIn(lab.b, ['sh', '-c', `cat > ${installed} <<'EOF'\n${hostileReader}EOF\nchmod 755 ${installed}`]);
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (lab) {
    for (const on of [lab.a, lab.b]) lab.runIn(on, ['sh', '-c', `pkill -f '^${installRoot}/' ; rm -rf ${installRoot} /var/lib/workbench-sensor; true`]);
    await lab.stop();
  }
});

describe('a hostile host', () => {
  it('gets a clear error in the UI and does not disturb the other host', async () => {
    const { page, host } = session;
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Hosts', exact: true }).click();
    await api.call('sensor.start', { hostId: ids.good, profile: 'light' });
    await api.call('capture.start', { hostId: ids.hostile });

    const evil = page.getByTestId('problems-evil-b');
    await evil.getByText(/line 2: not valid JSON/).waitFor({ timeout: 60_000 });
    const problems = () => api.call('hosts.list', {}).then((hosts) => hosts.find((h) => h.id === ids.hostile)!.capture!.problems.join('\n'));
    await expect.poll(problems, { timeout: 60_000 }).toMatch(/line 3 is 100000000 bytes, over the 1 MiB limit of one event; dropped/);
    await expect.poll(problems, { timeout: 60_000 }).toMatch(/ended in the middle of a line/);
    await page.screenshot({ path: screenshotPath('hosts-hostile') });
    // the payload is shown as text, never run
    expect(session.problems).toEqual([]);

    // A keeps streaming while B misbehaves
    lab.runIn(lab.a, ['sh', '-c', '/bin/echo wb-good-marker-77 > /dev/null']);
    const echoes = async () => (await api.call('events.query', { hostIds: [ids.good], text: 'wb-good-marker-77', types: ['exec'] })).rows.filter((row) => row.executable === '/usr/bin/echo');
    await expect.poll(async () => (await echoes()).length, { timeout: 30_000 }).toBe(1);
    await page.getByTestId('capture-good-a').getByText(/^streaming/).waitFor();
    // nothing of B's garbage was stored
    expect((await api.call('events.query', { hostIds: [ids.hostile] })).rows).toEqual([]);
    const hostile = (await api.call('hosts.list', {})).find((h) => h.id === ids.hostile)!;
    expect(hostile.capture!.badLines).toBeGreaterThanOrEqual(2);
    // a host that sends only garbage is retried ever more slowly, not hammered
    const detail = async () => (await api.call('hosts.list', {})).find((h) => h.id === ids.hostile)!.capture!.detail;
    await expect.poll(detail, { timeout: 30_000, interval: 100 }).toMatch(/retrying in \d{4,} ms/);
  }, 180_000);
});
