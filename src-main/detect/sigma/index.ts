// Sigma import: Sigma rules (Linux process_creation, file_event, network_connection) → SECL rules in
// a Datadog-format policy, with the exact reason for every rule that cannot be translated faithfully.
export { importSigma, importSigmaTexts, groupByKey, type EntryKind, type ImportEntry, type ImportedRule, type SigmaImport } from './import.ts';
export { sigmaPolicyText, policyRule, sigmaLicense, type PolicyOptions } from './policy-output.ts';
export { translateRule, type SeclTranslation, type Translation } from './translate.ts';
export { parseSigmaText, type SigmaRule, type SigmaFile, type Place } from './document.ts';
