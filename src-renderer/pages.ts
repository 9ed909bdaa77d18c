// The product's pages, in navigation order, with what each will show and how data gets there. The
// empty states read from here so they stay honest as capabilities arrive.
export type PageId =
  | 'overview'
  | 'inbox'
  | 'signals'
  | 'events'
  | 'hosts'
  | 'resources'
  | 'vulnerabilities'
  | 'identities'
  | 'compliance'
  | 'rules';

export interface PageInfo {
  id: PageId;
  title: string;
  group: 'Monitor' | 'Threats' | 'Posture' | 'Configure';
  icon: string;
  /** What will appear on the page once there is data. */
  shows: string;
  /** How a user gets that data in, today. */
  howToGetData: string[];
}

export const pages: readonly PageInfo[] = [
  {
    id: 'overview',
    title: 'Overview',
    group: 'Monitor',
    icon: '◎',
    shows: 'The state of this case at a glance: threats by severity over time, misconfigurations, vulnerabilities, identity risks and the posture score.',
    howToGetData: ['Open the demo case from the case menu to see a recorded intrusion.', 'Add a host on the Hosts page, deploy the sensor and start capture (or run `npx workbench stream HOST --case FILE`): signals appear as the runtime rules match.'],
  },
  {
    id: 'inbox',
    title: 'Security Inbox',
    group: 'Monitor',
    icon: '✉',
    shows: 'One ranked list of what to look at first across signals, failed posture findings, vulnerabilities and identity risks, each with the risk factors that put it there.',
    howToGetData: ['Signals appear here as soon as the runtime rules raise them, on captured or imported events; the demo case has a recorded intrusion.', 'Failed posture findings, vulnerabilities and identity risks join the list when those capabilities land; they are not in this build yet.'],
  },
  {
    id: 'signals',
    title: 'Signals',
    group: 'Threats',
    icon: '⚑',
    shows: 'Security signals: runtime rule matches grouped by rule, host and process, with severity, MITRE ATT&CK technique and triage status.',
    howToGetData: ['The bundled runtime rules (rules/runtime) run on every event as it is captured or imported; the demo case has a recorded intrusion that raises signals.', 'For events already in a case, use "Run the rules over all events" (a retro-hunt), or `npx workbench detect --rules DIR --events FILE.ndjson` on a recording.'],
  },
  {
    id: 'events',
    title: 'Events',
    group: 'Threats',
    icon: '≡',
    shows: 'Every process, file, network and privilege event the sensor recorded, searchable by host, type, time and text.',
    howToGetData: ['Open the demo case to explore a recorded intrusion.', 'Stream a host into the case: add it on the Hosts page, deploy the sensor and start capture (or run `npx workbench stream HOST --case FILE`).'],
  },
  {
    id: 'hosts',
    title: 'Hosts',
    group: 'Threats',
    icon: '▣',
    shows: 'The Linux hosts of this case with their OS, kernel, sensor state and event rate.',
    howToGetData: ['Add a host over SSH (or this machine, in local mode) or import hosts from ~/.ssh/config, then deploy the sensor and start capture from here.', 'The demo case comes with two recorded hosts.'],
  },
  {
    id: 'resources',
    title: 'Resources',
    group: 'Posture',
    icon: '☁',
    shows: 'Cloud and host resources from imported snapshots (AWS Config, GCP Cloud Asset Inventory, Kubernetes manifests, host collections) and the graph of how they connect.',
    howToGetData: ['Import a snapshot file; importers are not in this build yet.'],
  },
  {
    id: 'vulnerabilities',
    title: 'Vulnerabilities',
    group: 'Posture',
    icon: '⚠',
    shows: 'Vulnerable packages on your hosts and images, matched offline against an OSV database, with the window each host was exposed.',
    howToGetData: ['Import a host collection (dpkg or apk package lists) and an OSV database file; not in this build yet.'],
  },
  {
    id: 'identities',
    title: 'Identities',
    group: 'Posture',
    icon: '◐',
    shows: 'Cloud identities with their effective permissions and privilege-escalation paths.',
    howToGetData: ['Import an IAM export (get-account-authorization-details); not in this build yet.'],
  },
  {
    id: 'compliance',
    title: 'Compliance',
    group: 'Posture',
    icon: '✓',
    shows: 'Frameworks (CIS, PCI DSS, SOC 2, NIST 800-53, ISO 27001…) with the score of each requirement and exportable reports with hashed evidence.',
    howToGetData: ['Compliance is computed from posture findings on imported resources; not in this build yet.'],
  },
  {
    id: 'rules',
    title: 'Rules',
    group: 'Configure',
    icon: '⌘',
    shows: 'Runtime (SECL) and posture (CEL) rule packs: browse, enable, write and test rules against this case.',
    howToGetData: ['The bundled runtime rules (rules/runtime, SECL) already run on every event; write your own here, import Datadog policies or Sigma rules, and test them over this case.', 'Posture (CEL) rules arrive with posture.'],
  },
];

export function pageById(id: string): PageInfo | undefined {
  return pages.find((page) => page.id === id);
}
