// Rule packs as the user manages them (the Rules page): the bundled packs, the user's own, imports,
// export, switches, rule editing and the history of every change.
export { PackLibrary, type PackLibraryOptions } from './pack-library.ts';
export { PackCatalog, userPacksDir, type BundledPack, type PackDescriptor } from './pack-catalog.ts';
export { PackHistory, historyLimit } from './pack-history.ts';
export { PackState } from './pack-state.ts';
export { analyzeImport, type ImportFile } from './pack-import.ts';
export { exportPolicyText } from './pack-export.ts';
export { readPolicySource, type PolicySource, type RuleEntrySource } from './policy-source.ts';
export { attackProductTags, parseTests, testsText, writeRule, removeRule, type RuleFields } from './rule-entry.ts';
export { runTestsOf } from './rule-test-run.ts';
