// Detection: Datadog policy files in, compiled rule sets out. The SECL engine itself is pure and lives in
// src-shared/secl so the editor shows the same errors; this folder adds what needs Node (files).
export {
  loadPolicy,
  loadPolicyFile,
  readPolicyMacros,
  topReasons,
  PolicyError,
  type LoadedRule,
  type LoadPolicyOptions,
  type PolicyLoadResult,
  type SkippedRule,
  type SkipKind,
} from './policy.ts';
export { checkFilters, satisfiesAgentVersion, workbenchFacts, type Facts } from './policy-filters.ts';
export { severities, readRuleMetadata, type RuleMetadata, type RuleTests, type Severity, type TestEvent } from './rule-metadata.ts';
export { bundledAttackCatalogue, parseAttackCatalogue, type AttackCatalogue } from './attack.ts';
export { bundledRuntimeRulesDir, loadRulePack, policyFiles, type LoadPackOptions, type PackError, type PackRule, type RulePack } from './rule-pack.ts';
export { expandTestEvent, describeTestEvent, TestEventError } from './rule-test-events.ts';
export { runRuleTests, ruleMatches, type RuleTestReport, type TestFailure, type TestKind } from './rule-tests.ts';
export {
  importSigma,
  importSigmaTexts,
  groupByKey,
  sigmaPolicyText,
  policyRule,
  sigmaLicense,
  translateRule,
  parseSigmaText,
  type EntryKind,
  type ImportEntry,
  type ImportedRule,
  type SigmaImport,
  type PolicyOptions,
  type SeclTranslation,
  type Translation,
  type SigmaRule,
  type SigmaFile,
  type Place,
} from './sigma/index.ts';
export { Detector, rootOfAncestry, type RuleMatch } from './detector.ts';
export { Detection, processSummary, ruleSource, signalRule, type DetectionOptions, type PackSource } from './detection.ts';
export { compileQuery, queryCallBudgetMs, seclEventCount, seclEventPage, type SeclQueryInput } from './event-query.ts';
export { argsPattern, draftRule, type DraftContext } from './rule-draft.ts';
export { addCustomRule, customPackDir, customPolicyFileName, replaceFile, type CustomRule } from './custom-pack.ts';
export { lineageFor } from './event-query.ts';
export { loadRulePackTexts } from './rule-pack.ts';
export { PackLibrary, runTestsOf, userPacksDir, historyLimit, type BundledPack, type ImportFile, type PackLibraryOptions, type RuleFields } from './packs/index.ts';
