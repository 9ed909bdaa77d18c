// The type checker: a syntax tree and the field dictionary in, a typed rule (ir.ts) or positioned errors
// out. It inlines macros, resolves constants, checks operand types, and infers the rule's event type from
// the event-type prefix of its fields (exec.*, open.*): one rule, one event type, as in Datadog.
import type { Node, Span } from './ast.ts';
import { parseIp } from './cidr.ts';
import { seclError, type SeclError, type SeclErrorCode } from './errors.ts';
import { fieldAvailableOn, fieldDef, type EventType, type FieldDef } from './fields.ts';
import { compileRegex } from './glob.ts';
import { describeType, type Cond, type Value, type ValueType } from './ir.ts';
import { defineMacros, type MacroTable } from './macros.ts';
import { resolveIdentifier, resolveVariable, type VariableDef } from './resolve.ts';
import { typeCompare, typeMember } from './typing.ts';

export interface CheckOptions {
  macros?: MacroTable;
  /** Variables a policy declares (e.g. set by rule actions); ${process.pid} is always known. */
  variables?: Readonly<Record<string, VariableDef>>;
  /** The event type the rule must apply to, when the caller knows it; otherwise inferred from the fields. */
  eventType?: EventType;
  /** Accept a rule that names no event-specific field, applying it to every event type (for hunting). */
  allowAnyEventType?: boolean;
}

export interface CheckResult {
  errors: SeclError[];
  /** The rule's event type; '*' for an any-event rule; null when it could not be decided. */
  eventType: EventType | '*' | null;
  cond: Cond | null;
  /** Registers used ([A] in process.ancestors[A]); the compiler iterates them. */
  registers: string[];
  fields: string[];
  variables: string[];
}

const noMacros = defineMacros([]);

class Checker {
  readonly errors: SeclError[] = [];
  readonly eventTypes = new Map<EventType, Span>();
  readonly fields = new Set<string>();
  readonly registers = new Set<string>();
  readonly variables = new Set<string>();
  private readonly macros: MacroTable;
  private readonly declared: Readonly<Record<string, VariableDef>>;
  private readonly forcedType: EventType | undefined;
  private readonly macroStack: string[] = [];
  /** Where the outermost macro being expanded was used: errors inside macros point there. */
  private site: Span | null = null;

  constructor(options: CheckOptions) {
    this.macros = options.macros ?? noMacros;
    this.declared = options.variables ?? {};
    this.forcedType = options.eventType;
  }

  error(code: SeclErrorCode, reason: string, span: Span): null {
    const macro = this.macroStack[this.macroStack.length - 1];
    const inMacro = macro === undefined ? reason : `in macro ${macro} (at ${span.line}:${span.column} of its expression): ${reason}`;
    this.errors.push(seclError(code, inMacro, this.site ?? span));
    return null;
  }

  private expand<T>(id: string, span: Span, check: (ast: Node) => T | null): T | null {
    if (this.macroStack.includes(id)) return this.error('macro-cycle', `macro ${id} refers to itself: ${[...this.macroStack, id].join(' → ')}`, span);
    const macro = this.macros.get(id);
    if (!macro) return this.error('unknown-macro', `unknown macro ${id}`, span);
    if (!macro.parsed.ok) return this.error('syntax', `macro ${id} does not parse: ${macro.parsed.error.reason} (at ${macro.parsed.error.span.line}:${macro.parsed.error.span.column} of its expression)`, span);
    const outerSite = this.site;
    this.site ??= span;
    this.macroStack.push(id);
    try {
      return check(macro.parsed.ast);
    } finally {
      this.macroStack.pop();
      this.site = outerSite;
    }
  }

  private noteField(def: FieldDef, span: Span): void {
    this.fields.add(def.name);
    const place = this.site ?? span;
    if (this.forcedType && !fieldAvailableOn(def, this.forcedType)) {
      this.error('wrong-event-type', `${def.name} is not available on ${this.forcedType} events`, span);
      return;
    }
    if (def.events !== 'all') for (const type of def.events) if (!this.eventTypes.has(type)) this.eventTypes.set(type, place);
  }

  cond(node: Node): Cond | null {
    switch (node.kind) {
      case 'logic': {
        const items: (Cond | null)[] = [];
        const ops: ('&&' | '||')[] = [];
        let rest: Node = node;
        while (rest.kind === 'logic') {
          items.push(this.cond(rest.left));
          ops.push(rest.op);
          rest = rest.right;
        }
        items.push(this.cond(rest));
        return items.every((item) => item !== null) ? { k: 'chain', items: items as Cond[], ops } : null;
      }
      case 'not': {
        const operand = this.cond(node.operand);
        return operand && { k: 'not', operand };
      }
      case 'bool':
        return { k: 'const', value: node.value };
      case 'compare': {
        const left = this.value(node.left);
        const right = this.value(node.right);
        if (!left || !right) return null;
        const typed = typeCompare(node.op, left, right);
        return typeof typed === 'string' ? this.error('type', typed, node.opSpan) : typed;
      }
      case 'member': {
        const left = this.value(node.left);
        const right = this.value(node.right);
        if (!left || !right) return null;
        const typed = typeMember(node.op, left, right);
        return typeof typed === 'string' ? this.error('type', typed, node.opSpan) : typed;
      }
      case 'ident': {
        const resolved = resolveIdentifier(node.name, this.macros);
        if (resolved.k === 'macro') return this.expand(resolved.id, node.span, (ast) => this.cond(ast));
        break;
      }
      default:
        break;
    }
    const value = this.value(node);
    if (!value) return null;
    if (value.type === 'bool' && !value.array) return { k: 'truthy', value };
    return this.error('type', `expected a condition, but this is ${describeType(value)}: compare it, e.g. with == or in`, node.span);
  }

  value(node: Node): Value | null {
    const span = node.span;
    switch (node.kind) {
      case 'string':
        return this.stringValue(node.value, span);
      case 'pattern':
        return { k: 'literal', type: 'string', array: false, span, value: node.value, mode: 'pattern' };
      case 'regex':
        try {
          compileRegex(node.value);
        } catch (error) {
          return this.error('bad-pattern', `invalid regular expression r"${node.value}": ${(error as Error).message}`, span);
        }
        return { k: 'literal', type: 'string', array: false, span, value: node.value, mode: 'regex' };
      case 'int':
        return { k: 'literal', type: 'int', array: false, span, value: node.value };
      case 'bool':
        return { k: 'literal', type: 'bool', array: false, span, value: node.value };
      case 'duration':
        return { k: 'literal', type: 'duration', array: false, span, value: node.ns, text: node.text };
      case 'ip':
        return parseIp(node.value) ? { k: 'literal', type: 'ip', array: false, span, value: node.value } : this.error('type', `${node.value} is not a valid IP address`, span);
      case 'cidr':
        return /\/\d+$/.test(node.value) && parseIp(node.value.replace(/\/\d+$/, '')) && cidrBitsOk(node.value)
          ? { k: 'cidr', type: 'ip', array: false, span, text: node.value }
          : this.error('type', `${node.value} is not a valid CIDR range`, span);
      case 'array':
        return this.list(node.items, span);
      case 'ident':
        return this.identifier(node.name, span);
      case 'variable': {
        const def = resolveVariable(node.name, this.declared);
        if ('error' in def) return this.error('unknown-variable', def.error, span);
        this.variables.add(node.name);
        if (def.fromActions) this.error('action-variable', `\${${node.name}} is set by rule actions, which the workbench does not run`, span);
        return { k: 'variable', type: def.type, array: def.array, span, name: node.name };
      }
      case 'negate':
      case 'bitnot': {
        const operand = this.value(node.operand);
        if (!operand) return null;
        if (operand.type !== 'int' || operand.array) return this.error('type', `'${node.kind === 'negate' ? '-' : '^'}' needs an integer, not ${describeType(operand)}`, span);
        if (operand.k === 'literal') return { ...operand, span, value: node.kind === 'negate' ? -(operand.value as number) : ~(operand.value as number) };
        return { k: node.kind, type: 'int', array: false, span, operand };
      }
      case 'bit':
      case 'arith': {
        const left = this.value(node.left);
        const right = this.value(node.right);
        if (!left || !right) return null;
        for (const side of [left, right]) {
          if (side.type !== 'int' || side.array) return this.error('type', `'${node.op}' needs integers on both sides, not ${describeType(side)}`, node.opSpan);
        }
        if (left.k === 'literal' && right.k === 'literal') return { k: 'literal', type: 'int', array: false, span, value: foldInt(node.op, left.value as number, right.value as number) };
        return node.kind === 'bit'
          ? { k: 'bit', type: 'int', array: false, span, op: node.op, left, right }
          : { k: 'arith', type: 'int', array: false, span, op: node.op, left, right };
      }
      case 'not':
      case 'logic':
      case 'compare':
      case 'member': {
        const cond = this.cond(node);
        return cond && { k: 'condition', type: 'bool', array: false, span, cond };
      }
    }
  }

  private stringValue(text: string, span: Span): Value | null {
    if (!text.includes('${')) return { k: 'literal', type: 'string', array: false, span, value: text, mode: 'scalar' };
    const parts: (string | Value)[] = [];
    let last = 0;
    for (const match of text.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_.]*)\}/g)) {
      parts.push(text.slice(last, match.index));
      const variable = this.value({ kind: 'variable', name: match[1] as string, span });
      if (!variable) return null;
      parts.push(variable);
      last = match.index + match[0].length;
    }
    parts.push(text.slice(last));
    return { k: 'interpolated', type: 'string', array: false, span, parts: parts.filter((part) => part !== '') };
  }

  private identifier(name: string, span: Span): Value | null {
    const resolved = resolveIdentifier(name, this.macros);
    switch (resolved.k) {
      case 'macro':
        return this.expand(resolved.id, span, (ast) => this.value(ast));
      case 'constant':
        return { k: 'literal', type: 'int', array: false, span, value: resolved.value };
      case 'field':
      case 'length': {
        const { def, register } = resolved;
        this.noteField(def, span);
        if (register !== undefined) this.registers.add(register);
        if (resolved.k === 'length') return { k: 'length', type: 'int', array: false, span, def, register };
        // With a register an ancestors field reads one ancestor: a list only if the field itself is one (argv).
        const array = register === undefined ? def.array : (fieldDef(def.name.replace(/^process\.ancestors\./, 'process.'))?.array ?? false);
        return { k: 'field', type: def.type, array, span, def, register };
      }
      case 'iterator-length':
        return { k: 'iterator-length', type: 'int', array: false, span, iterator: 'process.ancestors' };
      case 'error':
        return this.error(resolved.code, resolved.reason, span);
    }
  }

  private list(nodes: readonly Node[], span: Span): Value | null {
    const items: Value[] = [];
    let failed = false;
    for (const node of nodes) {
      const item = this.value(node);
      if (!item) {
        failed = true;
        continue;
      }
      if (item.k === 'list') items.push(...item.items);
      else if (item.k === 'literal' || item.k === 'cidr') items.push(item);
      else {
        this.error('type', 'list items must be literals, constants, or macros of them', node.span);
        failed = true;
      }
    }
    if (failed) return null;
    const types = new Set<ValueType>(items.map((item) => item.type));
    if (types.size > 1) return this.error('type', `the list mixes ${[...types].map((type) => describeType({ type, array: false })).join(' and ')}`, span);
    const type = [...types][0] ?? 'string';
    return { k: 'list', type, array: true, span, items };
  }
}

function cidrBitsOk(text: string): boolean {
  const bits = Number(text.slice(text.lastIndexOf('/') + 1));
  return bits <= (text.includes(':') ? 128 : 32);
}

function foldInt(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    default:
      return bitwise(op as '&' | '|' | '^', a, b);
  }
}

/** 64-bit-safe bit operations: capability masks go past bit 31, where JavaScript's operators stop. */
export function bitwise(op: '&' | '|' | '^', a: number, b: number): number {
  if (a >= 0 && b >= 0 && a <= 0x7fffffff && b <= 0x7fffffff) return op === '&' ? a & b : op === '|' ? a | b : a ^ b;
  const x = BigInt(Math.trunc(a));
  const y = BigInt(Math.trunc(b));
  return Number(op === '&' ? x & y : op === '|' ? x | y : x ^ y);
}

export function checkRule(ast: Node, options: CheckOptions = {}): CheckResult {
  const checker = new Checker(options);
  const cond = checker.cond(ast);
  let eventType: EventType | '*' | null = null;
  const types = [...checker.eventTypes];
  if (types.length > 1) {
    const list = types.map(([type, span]) => `${type} (at ${span.line}:${span.column})`).join(' and ');
    checker.error('mixed-event-types', `the rule mixes fields of ${list}: a rule applies to one event type`, (types[1] as [EventType, Span])[1]);
  } else if (types.length === 1) eventType = (types[0] as [EventType, Span])[0];
  else if (options.eventType) eventType = options.eventType;
  else if (options.allowAnyEventType) eventType = '*';
  else if (checker.errors.length === 0) checker.error('no-event-type', 'the rule names no event-specific field (such as exec.file.path or open.file.path), so it has no event type', ast.span);
  if (options.eventType && eventType !== null && eventType !== options.eventType) eventType = null;
  return {
    errors: checker.errors,
    eventType: checker.errors.length === 0 ? eventType : null,
    cond: checker.errors.length === 0 ? cond : null,
    registers: [...checker.registers],
    fields: [...checker.fields],
    variables: [...checker.variables],
  };
}

