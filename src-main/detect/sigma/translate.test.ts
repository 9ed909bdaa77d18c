import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../src-shared/secl/index.ts';
import { parseSigmaText } from './document.ts';
import { corpusTranslation, execEvent, networkEvent } from './testing.ts';
import { translateRule, type Translation } from './translate.ts';

/** A rule of the category with this detection block (YAML, indented by two spaces). */
function translate(detection: string, category = 'process_creation'): Translation {
  const text = `title: Test rule\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n  product: linux\n  category: ${category}\ndetection:\n${detection}`;
  const parsed = parseSigmaText(text, 'test.yml');
  expect(parsed.problems).toEqual([]);
  return translateRule(parsed.rules[0] as NonNullable<(typeof parsed.rules)[0]>);
}

function expressions(translation: Translation): string[] {
  if (translation.kind !== 'translated') throw new Error(`${translation.kind}: ${translation.reason}`);
  return translation.secl.map((secl) => secl.expression);
}

describe('exact translations of real SigmaHQ rules', () => {
  it('a file_event rule: created files only, the path case-insensitive', () => {
    expect(corpusTranslation('rules/linux/file_event/file_event_lnx_doas_conf_creation.yml').expressions).toEqual([
      'open.flags & O_CREAT > 0 && open.retval >= 0 && open.file.path =~ r"(?i)/etc/doas\\.conf$"',
    ]);
  });

  it('a network_connection rule with Initiated, a port list and a cidr filter', () => {
    expect(corpusTranslation('rules/linux/network_connection/net_connection_lnx_susp_malware_callback_port.yml').expressions).toEqual([
      'connect.addr.port in [888, 999, 2200, 2222, 4000, 4444, 6789, 8531, 50501, 51820] && connect.addr.ip not in [127.0.0.0/8, 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16, ::1/128, fe80::/10, fc00::/7]',
    ]);
  });

  it('a process_creation rule: Image through the interpreter, a case-sensitive re', () => {
    expect(corpusTranslation('rules/linux/process_creation/proc_creation_lnx_auditctl_clear_rules.yml').expressions).toEqual([
      '(exec.interpreter.file.path =~ r"(?i)/auditctl$" || (exec.interpreter.file.path == "" && exec.file.path =~ r"(?i)/auditctl$")) && exec.cmdline =~ r"-D"',
    ]);
  });

  it('1 of selection_* with contains|all and a not 1 of filter', () => {
    expect(corpusTranslation('rules/linux/file_event/file_event_lnx_susp_cron_file_created.yml').expressions).toEqual([
      'open.flags & O_CREAT > 0 && open.retval >= 0 && (open.file.path in [r"(?i)^/etc/cron\\.d/", r"(?i)^/etc/cron\\.daily/", r"(?i)^/etc/cron\\.hourly/", r"(?i)^/etc/cron\\.monthly/", r"(?i)^/etc/cron\\.weekly/", r"(?i)^/var/spool/cron/crontabs/", r"(?i)^/var/spool/cron/root"] || open.file.path in [r"(?i)/etc/cron\\.allow", r"(?i)/etc/cron\\.deny", r"(?i)/etc/crontab"]) && open.file.path not in [r"(?i)^/etc/cron\\.daily/apt$", r"(?i)^/etc/cron\\.daily/dpkg$", r"(?i)^/etc/cron\\.daily/passwd$", r"(?i)^/etc/crontabs/root$"]',
    ]);
  });

  it('ParentImage, ParentCommandLine and contains|all', () => {
    expect(corpusTranslation('rules/linux/process_creation/proc_creation_lnx_git_shell_execution.yml').expressions).toEqual([
      '(process.parent.interpreter.file.path =~ r"(?i)/git$" || (process.parent.interpreter.file.path == "" && process.parent.file.path =~ r"(?i)/git$")) && process.parent.cmdline =~ r"(?i) -p " && process.parent.cmdline =~ r"(?i)help" && exec.cmdline in [r"(?i)bash 0<&1", r"(?i)dash 0<&1", r"(?i)sh 0<&1"]',
    ]);
  });
});

describe('Sigma semantics in SECL', () => {
  it('lists are any, maps are all, |all makes a list all', () => {
    expect(expressions(translate('  sel:\n    CommandLine|contains|all: [a, b]\n    User: [root, admin]\n  condition: sel'))).toEqual([
      'exec.cmdline =~ r"(?i)a" && exec.cmdline =~ r"(?i)b" && exec.user in [r"(?i)^root$", r"(?i)^admin$"]',
    ]);
  });

  it('wildcards * and ? (dot-all, so * spans newlines), escaped \\* literal, cased without (?i)', () => {
    expect(expressions(translate("  sel:\n    CommandLine: 'curl *|? sh'\n    CurrentDirectory|cased: '/tmp/\\*'\n  condition: sel"))).toEqual([
      'exec.cmdline =~ r"(?is)^curl .*\\|. sh$" && exec.cwd =~ r"^/tmp/\\*$"',
    ]);
  });

  it('a leading or trailing * is the same as contains, startswith or endswith', () => {
    expect(expressions(translate("  sel:\n    CommandLine: ['*wget *', 'nc*', '*.sh']\n  condition: sel"))).toEqual(['exec.cmdline in [r"(?i)wget ", r"(?i)^nc", r"(?i)\\.sh$"]']);
  });

  it('exists, numbers, gt and base64', () => {
    expect(expressions(translate('  sel:\n    ParentCommandLine|exists: true\n    ProcessId|gt: 1000\n    CommandLine|base64|contains: "curl "\n  condition: sel'))).toEqual([
      'process.parent.cmdline != "" && exec.pid > 1000 && exec.cmdline =~ r"(?i)Y3VybCA="',
    ]);
  });

  it('quotes and backslashes survive into the SECL literal and match what they say', () => {
    const [expression] = expressions(translate(`  sel:\n    CommandLine|contains: 'echo "a\\b"'\n  condition: sel`));
    expect(expression).toBe('exec.cmdline =~ r"(?i)echo \\"a\\x5cb\\""');
    const outcome = compileRule({ id: 't', expression: expression as string });
    expect(outcome.ok && outcome.rule.matches(execEvent({ path: '/usr/bin/echo', argv0: 'echo', args: ['"a\\b"'] }))).toBe(true);
    expect(outcome.ok && outcome.rule.matches(execEvent({ path: '/usr/bin/echo', argv0: 'echo', args: ['"a/b"'] }))).toBe(false);
  });

  it('an exact value matches itself in any case and nothing longer, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[*?\\]/.test(s)), (value) => {
        const [expression] = expressions(translate(`  sel:\n    CommandLine: ${JSON.stringify(value)}\n  condition: sel`));
        const outcome = compileRule({ id: 't', expression: expression as string });
        if (!outcome.ok) throw new Error(outcome.errors.map((e) => e.message).join('; '));
        const withCommandLine = (cmdline: string) => ({ ...execEvent({ path: '/usr/bin/x' }), exec: { file: { path: '/usr/bin/x' }, cmdline } });
        expect(outcome.rule.matches(withCommandLine(value))).toBe(true);
        expect(outcome.rule.matches(withCommandLine(value.toUpperCase()))).toBe(true);
        expect(outcome.rule.matches(withCommandLine(`${value}x`))).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a network rule without Initiated becomes two rules, one per direction, with the peer on each side', () => {
    const translation = translate("  sel:\n    Image|endswith: '/nc'\n    DestinationPort: 4444\n  condition: sel", 'network_connection');
    expect(translation.kind).toBe('untranslatable'); // DestinationPort of an accepted connection is the local port
    const both = translate("  sel:\n    Image|endswith: '/nc'\n  condition: sel", 'network_connection');
    expect(both.kind === 'translated' && both.secl.map((secl) => [secl.eventType, secl.suffix])).toEqual([
      ['connect', ''],
      ['accept', '_inbound'],
    ]);
    const inbound = translate("  sel:\n    Initiated: 'false'\n    SourceIp|cidr: 10.0.0.0/8\n  condition: sel", 'network_connection');
    expect(expressions(inbound)).toEqual(['accept.addr.ip in [10.0.0.0/8]']);
    const outcome = compileRule({ id: 't', expression: expressions(inbound)[0] as string });
    expect(outcome.ok && outcome.rule.matches(networkEvent('accept', '10.9.8.7', 51000, { path: '/usr/sbin/sshd' }))).toBe(true);
  });

  it('whole-octet IPv4 text matches become CIDR ranges; other text matches on addresses are refused', () => {
    expect(expressions(translate("  sel:\n    Initiated: 'true'\n    DestinationIp|startswith: ['192.168.', '10.']\n  condition: sel", 'network_connection'))).toEqual([
      'connect.addr.ip in [192.168.0.0/16, 10.0.0.0/8]',
    ]);
    const partial = translate("  sel:\n    Initiated: 'true'\n    DestinationIp|startswith: '10.1'\n  condition: sel", 'network_connection');
    expect(partial.kind === 'untranslatable' && partial.reason).toMatch(/^DestinationIp\|startswith '10\.1': the sensor's addresses compare as IP addresses/);
  });
});

describe('what does not translate, and why', () => {
  const reasonOf = (translation: Translation): string => (translation.kind === 'untranslatable' ? translation.reason : `${translation.kind}!`);

  it('fields the sensor does not have', () => {
    expect(reasonOf(translate("  sel:\n    DestinationHostname|endswith: '.ngrok.io'\n  condition: sel", 'network_connection'))).toBe(
      'field DestinationHostname: the sensor sees IP addresses, not host names',
    );
    expect(reasonOf(translate("  sel:\n    Hashes|contains: 'SHA256=AB'\n  condition: sel"))).toBe('field Hashes: the sensor does not hash executables');
    expect(reasonOf(translate("  sel:\n    TargetFilename: '/x'\n  condition: sel"))).toMatch(/^field TargetFilename: not a field of Sigma's process_creation \(exec events\) log source/);
  });

  it('Windows and multi-event constructs', () => {
    expect(reasonOf(translate("  sel:\n    CommandLine|windash|contains: '-enc'\n  condition: sel"))).toMatch(/^CommandLine\|windash\|contains: modifier windash: /);
    expect(reasonOf(translate("  sel:\n    CommandLine|base64offset|contains: 'x'\n  condition: sel"))).toMatch(/modifier base64offset/);
    expect(reasonOf(translate("  keywords:\n    - 'evil'\n  condition: keywords"))).toMatch(/keywords without a field/);
    expect(reasonOf(translate("  sel:\n    Image|endswith: '/sh'\n  condition: sel | count() > 5"))).toMatch(/aggregations/);
    expect(reasonOf(translate("  sel:\n    Image|endswith: '/sh'\n  timeframe: 5m\n  condition: sel"))).toMatch(/^timeframe 5m/);
  });

  it('a filter on a field the sensor lacks is harmless when the direction rules it out', () => {
    // Initiated: 'true' excludes accepted connections, where DestinationIp would be the unknown local end.
    expect(expressions(translate("  sel:\n    Initiated: 'true'\n  filter:\n    DestinationIp: '127.0.0.1'\n  condition: sel and not filter", 'network_connection'))).toEqual([
      'connect.addr.ip != 127.0.0.1',
    ]);
  });

  it('regular expressions JavaScript would read differently', () => {
    expect(reasonOf(translate("  sel:\n    CommandLine|re: '\\h+x'\n  condition: sel"))).toMatch(/escape \\h means something else, or nothing, in JavaScript/);
    expect(reasonOf(translate("  sel:\n    CommandLine|re: '[[:alpha:]]+'\n  condition: sel"))).toMatch(/POSIX classes/);
    expect(reasonOf(translate("  sel:\n    CommandLine|re: '(?>a+)b'\n  condition: sel"))).toMatch(/has no JavaScript equivalent/);
    expect(expressions(translate("  sel:\n    CommandLine|re|i: '(?s)^a.b'\n  condition: sel"))).toEqual(['exec.cmdline =~ r"(?is)^a.b"']);
  });
});
