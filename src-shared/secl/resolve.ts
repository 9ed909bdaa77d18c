// Names in a rule: which identifier is a macro, a constant or a field, which ${variable} exists, and what
// to say when none fits. Kept apart from the checker's typing rules so each reads in one sitting.
import { constantNames, constantValue } from './constants.ts';
import { datadogOnlyEventTypes, fieldDef, fields, isDatadogOnlyField, isEventType, type FieldDef } from './fields.ts';
import type { SeclErrorCode } from './errors.ts';
import type { MacroTable } from './macros.ts';
import type { ValueType } from './ir.ts';
import { closest } from './suggest.ts';

/** A ${variable}: built in (process.pid) or declared by a policy, e.g. set by a rule's actions. */
export interface VariableDef {
  type: Exclude<ValueType, 'duration'>;
  array: boolean;
  /** Set by rule actions, which the workbench does not run: a rule reading it cannot be evaluated faithfully. */
  fromActions?: boolean;
}

export const builtinVariables: Readonly<Record<string, VariableDef>> = {
  'process.pid': { type: 'int', array: false },
};

export type Resolved =
  | { k: 'macro'; id: string }
  | { k: 'constant'; value: number }
  | { k: 'field'; def: FieldDef; register?: string }
  | { k: 'length'; def: FieldDef; register?: string }
  | { k: 'iterator-length' }
  | { k: 'error'; code: SeclErrorCode; reason: string };

const registerRe = /^(.+?)\[([A-Za-z_][A-Za-z0-9_]*)\](?:\.(.+))?$/;

function unknownField(name: string, macros: MacroTable): Resolved {
  const head = name.split('.')[0] ?? name;
  if (datadogOnlyEventTypes.has(head)) {
    return { k: 'error', code: 'unsupported-event-type', reason: `${name} belongs to the Datadog event type '${head}', which the workbench sensor does not produce` };
  }
  if (isDatadogOnlyField(name)) return { k: 'error', code: 'unavailable-field', reason: `${name} is a Datadog field the workbench sensor does not provide` };
  if (/^[A-Z][A-Z0-9_]*$/.test(name)) {
    const guess = closest(name, [...macros.keys(), ...constantNames()]);
    return { k: 'error', code: 'unknown-macro', reason: `unknown macro or constant ${name}${guess ? `: did you mean ${guess}?` : ''}` };
  }
  const guess = closest(name, [...fields.keys(), ...macros.keys()]);
  const where = isEventType(head) || head === 'process' ? '' : ' (fields start with an event type such as exec. or open., or with process.)';
  return { k: 'error', code: 'unknown-field', reason: `unknown field ${name}${guess ? `: did you mean ${guess}?` : where}` };
}

export function resolveIdentifier(name: string, macros: MacroTable): Resolved {
  const registered = registerRe.exec(name);
  if (registered) {
    const [, iterator, register, rest] = registered as unknown as [string, string, string, string | undefined];
    if (iterator !== 'process.ancestors') return { k: 'error', code: 'register', reason: `only process.ancestors can take a register like [${register}], not ${iterator}` };
    if (rest === undefined) return { k: 'error', code: 'register', reason: `${name} names no field: write e.g. ${name}.file.name` };
    if (rest === 'length') return { k: 'error', code: 'register', reason: `${name}.length is not supported: use process.ancestors.length` };
    const lengthOf = rest.endsWith('.length') ? fieldDef(`${iterator}.${rest.slice(0, -'.length'.length)}`) : undefined;
    if (lengthOf) return { k: 'length', def: lengthOf, register };
    const def = fieldDef(`${iterator}.${rest}`);
    return def ? { k: 'field', def, register } : unknownField(`${iterator}.${rest}`, macros);
  }
  if (macros.has(name)) return { k: 'macro', id: name };
  const constant = constantValue(name);
  if (constant !== undefined) return { k: 'constant', value: constant };
  const def = fieldDef(name);
  if (def) return { k: 'field', def };
  if (name.endsWith('.length')) {
    const base = name.slice(0, -'.length'.length);
    if (base === 'process.ancestors') return { k: 'iterator-length' };
    const baseDef = fieldDef(base);
    if (baseDef) return { k: 'length', def: baseDef };
  }
  return unknownField(name, macros);
}

export function resolveVariable(name: string, declared: Readonly<Record<string, VariableDef>>): VariableDef | { error: string } {
  const def = builtinVariables[name] ?? declared[name];
  if (def) return def;
  const guess = closest(name, [...Object.keys(builtinVariables), ...Object.keys(declared)]);
  return { error: `unknown variable \${${name}}${guess ? `: did you mean \${${guess}}?` : ''}` };
}
