export { Fleet, type FleetOptions } from './fleet.ts';
export { PromptBroker } from './prompt-broker.ts';
export { readSshConfig, parseSshConfig, defaultSshConfigPath } from './ssh-config.ts';
export { KnownHosts, type HostKeyVerdict } from './known-hosts.ts';
export { SshSession, type ExecResult } from './ssh-session.ts';
export { SshError, type Prompter, type SshTarget } from './ssh-types.ts';
export { factsUpdate, probeHost, type HostFacts } from './host-facts.ts';
export { installSensor, startSensor, stopSensor, uninstallSensor, sensorPid, sensorBinaryFor, readerCommand, installedPath, spoolDir, stateDir, installRoot, type SensorBinary } from './sensor-deploy.ts';
export { execAsRoot, spawnAsRoot, shellQuote, type RootContext } from './root-exec.ts';
