export { systemClock, type Clock, type Paths, type SecretStore } from './ports.ts';
export { MemorySecretStore, nodePaths } from './node-host.ts';
