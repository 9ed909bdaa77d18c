export { CaseLibrary, caseExtension } from './library.ts';
export { demoCasePath, ensureDemoCase } from './demo.ts';
