// How the fleet reaches a host, and how it asks the user for decisions and secrets. The Prompter is
// implemented by the UI (a dialog) and the CLI (the terminal or flags); the SSH code never decides alone.

export interface SshTarget {
  /** What the user calls the host; used in every message. */
  name: string;
  host: string;
  port: number;
  user: string;
  identityFile?: string | undefined;
  /** Reach this host through another one (ProxyJump). */
  jump?: SshTarget | undefined;
}

export interface HostKeyQuestion {
  host: string;
  name: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

export interface SecretQuestion {
  host: string;
  kind: 'password' | 'passphrase' | 'sudo';
  prompt: string;
}

export interface Prompter {
  confirmHostKey(question: HostKeyQuestion): Promise<boolean>;
  /** null when the user declines to answer. */
  askSecret(question: SecretQuestion): Promise<string | null>;
}

export class SshError extends Error {
  readonly host: string;
  readonly hint: string;

  constructor(host: string, message: string, hint: string) {
    super(`${host}: ${message}`);
    this.name = 'SshError';
    this.host = host;
    this.hint = hint;
  }
}
