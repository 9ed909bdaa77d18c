// Sigma's field names (Sysmon's, as the Linux log sources define them) → the SECL fields of the events
// our sensor emits, where the two mean the same thing, and the exact reason where they do not.
//
// The meanings come from Sysmon for Linux, the reference producer of these log sources:
//  - Image is the file the kernel runs: for a script, its interpreter. The sensor's exec.file.path is the
//    script and exec.interpreter.file.path its interpreter, so Image reads the interpreter when there is
//    one and the file otherwise.
//  - CommandLine is argv joined with spaces, argv[0] included: SECL's cmdline.
//  - network_connection holds connections the host initiated (Initiated: true; Destination* is the peer)
//    and connections it accepted (Initiated: false; Source* is the peer, Destination* the local end).
//    The sensor's connect event names the peer of an outgoing connection, accept the peer of an
//    incoming one; neither carries the local address.

export type Category = 'process_creation' | 'file_event' | 'network_connection';
export type Direction = 'outbound' | 'inbound';

/** One SECL rule a Sigma rule becomes: an event type, and for network rules the connection direction. */
export interface Target {
  category: Category;
  eventType: 'exec' | 'open' | 'connect' | 'accept';
  direction?: Direction;
}

/** The process context an Image-like field reads: the new process, the event's process, or the parent. */
export type ImageContext = 'exec' | 'process' | 'process.parent';

export type FieldTarget =
  /** Strings, matched case-insensitively unless the rule says `cased`. */
  | { kind: 'string'; field: string }
  | { kind: 'image'; context: ImageContext }
  | { kind: 'int'; field: string }
  | { kind: 'ip'; field: string }
  /** SourceIsIpv6 / DestinationIsIpv6: the socket's address family. */
  | { kind: 'ipv6'; field: string }
  | { kind: 'protocol'; field: string }
  /** Initiated: decided by the target's direction. */
  | { kind: 'initiated' }
  | { kind: 'unavailable'; reason: string };

const gone = (reason: string): FieldTarget => ({ kind: 'unavailable', reason });

// Fields of the Linux log sources (and their Windows cousins) that no sensor event carries.
const neverAvailable: Readonly<Record<string, string>> = {
  Hashes: 'the sensor does not hash executables',
  Imphash: 'the sensor does not hash executables',
  OriginalFileName: 'PE version information of Windows executables; Linux executables carry none',
  Description: 'PE version information of Windows executables; Linux executables carry none',
  Product: 'PE version information of Windows executables; Linux executables carry none',
  Company: 'PE version information of Windows executables; Linux executables carry none',
  FileVersion: 'PE version information of Windows executables; Linux executables carry none',
  ProcessGuid: 'a Sysmon process GUID; the sensor identifies processes by pid and start time',
  ParentProcessGuid: 'a Sysmon process GUID; the sensor identifies processes by pid and start time',
  LogonGuid: 'a Sysmon logon GUID; the sensor has no logon sessions',
  LogonId: 'Sysmon for Linux packs the uid and the terminal number into one LogonId; the sensor has no such field',
  TerminalSessionId: 'the audit session id, which the sensor does not report',
  IntegrityLevel: 'a Windows integrity level; Linux processes have none',
  DestinationHostname: 'the sensor sees IP addresses, not host names',
  SourceHostname: 'the sensor sees IP addresses, not host names',
  DestinationPortName: 'a service name looked up from the port; the sensor reports port numbers',
  SourcePortName: 'a service name looked up from the port; the sensor reports port numbers',
  CreationUtcTime: 'the creation time Sysmon reads from the file; the sensor does not report it',
};

function processField(field: string, context: 'exec' | 'process'): FieldTarget | undefined {
  switch (field) {
    case 'Image':
      return { kind: 'image', context };
    case 'User':
      return { kind: 'string', field: `${context}.user` };
    case 'ProcessId':
      return { kind: 'int', field: `${context}.pid` };
    default:
      return undefined;
  }
}

function processCreationField(field: string): FieldTarget | undefined {
  switch (field) {
    case 'CommandLine':
      return { kind: 'string', field: 'exec.cmdline' };
    case 'CurrentDirectory':
      return { kind: 'string', field: 'exec.cwd' };
    case 'ParentImage':
      return { kind: 'image', context: 'process.parent' };
    case 'ParentCommandLine':
      return { kind: 'string', field: 'process.parent.cmdline' };
    case 'ParentUser':
      return { kind: 'string', field: 'process.parent.user' };
    case 'ParentProcessId':
      return { kind: 'int', field: 'exec.ppid' };
    default:
      return processField(field, 'exec');
  }
}

function fileEventField(field: string): FieldTarget | undefined {
  return field === 'TargetFilename' ? { kind: 'string', field: 'open.file.path' } : processField(field, 'process');
}

function networkField(field: string, direction: Direction): FieldTarget | undefined {
  const event = direction === 'outbound' ? 'connect' : 'accept';
  const peer = direction === 'outbound' ? 'Destination' : 'Source';
  const local = direction === 'outbound' ? 'Source' : 'Destination';
  switch (field) {
    case `${peer}Ip`:
      return { kind: 'ip', field: `${event}.addr.ip` };
    case `${peer}Port`:
      return { kind: 'int', field: `${event}.addr.port` };
    case `${local}Ip`:
    case `${local}Port`:
      return direction === 'outbound'
        ? gone('the local end of a connection; the sensor reports only the peer of an outgoing connection')
        : gone("on an accepted connection it is the host's own end, which the sensor does not report (the rule does not require Initiated: 'true', so it also describes accepted connections)");
    case 'SourceIsIpv6':
    case 'DestinationIsIpv6':
      return { kind: 'ipv6', field: `${event}.addr.family` };
    case 'Protocol':
      return { kind: 'protocol', field: `${event}.protocol` };
    case 'Initiated':
      return { kind: 'initiated' };
    default:
      return processField(field, 'process');
  }
}

const categoryNames: Readonly<Record<Category, string>> = {
  process_creation: 'process_creation (exec events)',
  file_event: 'file_event (file creation)',
  network_connection: 'network_connection (connect and accept events)',
};

/** What a Sigma field becomes in a target's events. */
export function mapField(field: string, target: Target): FieldTarget {
  const known = neverAvailable[field];
  if (known !== undefined) return gone(known);
  const mapped = target.category === 'process_creation' ? processCreationField(field)
    : target.category === 'file_event' ? fileEventField(field)
    : networkField(field, target.direction ?? 'outbound');
  return mapped ?? gone(`not a field of Sigma's ${categoryNames[target.category]} log source that the sensor provides`);
}
