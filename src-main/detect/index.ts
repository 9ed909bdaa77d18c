// Detection: Datadog policy files in, compiled rule sets out. The SECL engine itself is pure and lives in
// src-shared/secl so the editor shows the same errors; this folder adds what needs Node (files).
export {
  loadPolicy,
  loadPolicyFile,
  topReasons,
  PolicyError,
  type LoadedRule,
  type LoadPolicyOptions,
  type PolicyLoadResult,
  type SkippedRule,
  type SkipKind,
} from './policy.ts';
export { checkFilters, satisfiesAgentVersion, workbenchFacts, type Facts } from './policy-filters.ts';
