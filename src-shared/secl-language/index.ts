// The SECL language for editors, pure: highlighting, completion, hover, diagnostics, quick fixes and
// formatting, for one expression (seclExpressionService) or a whole policy file (seclPolicyService).
// The renderer adapts them to Monaco (src-renderer/editor/); nothing here knows about an editor.
export { seclExpressionService, seclPolicyService, seclLanguageId, seclPolicyLanguageId } from './service.ts';
export type { SeclContext, SeclMacroInfo } from './context.ts';
export { formatSecl } from './format.ts';
export { parsePolicy, type PolicyModel, type EmbeddedExpression } from './policy.ts';
