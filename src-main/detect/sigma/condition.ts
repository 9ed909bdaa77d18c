// Sigma conditions: `selection and not 1 of filter_*`, parentheses, `all of them`. Precedence as Sigma
// defines it: not binds tighter than and, and tighter than or. Quantifiers expand against the rule's
// search identifiers, so the result only names identifiers that exist.

export type Condition =
  | { k: 'and' | 'or'; items: Condition[] }
  | { k: 'not'; item: Condition }
  | { k: 'ref'; name: string };

/** A condition that is not well formed: the rule is broken. */
export class ConditionError extends Error {}

/** A well-formed condition that needs more than one event (aggregations, near): not a single-event rule. */
export class ConditionUnsupported extends Error {
  readonly key: string;

  constructor(key: string, message: string) {
    super(message);
    this.key = key;
  }
}

type Token = { text: string; at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s+|[()]|\||[^\s()|]+/gy;
  for (let match = re.exec(text); match && match[0] !== ''; match = re.exec(text)) {
    if (!/^\s+$/.test(match[0])) tokens.push({ text: match[0], at: match.index });
  }
  return tokens;
}

const identifierRe = /^[A-Za-z0-9_*.-]+$/;

class Parser {
  private index = 0;
  private readonly tokens: Token[];
  private readonly text: string;
  private readonly expand: (pattern: string, where: string) => string[];

  constructor(text: string, expand: (pattern: string, where: string) => string[]) {
    this.text = text;
    this.tokens = tokenize(text);
    this.expand = expand;
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private word(): string {
    return this.peek()?.text.toLowerCase() ?? '';
  }

  private fail(message: string): never {
    const token = this.peek();
    throw new ConditionError(`condition "${this.text}": ${message}${token ? ` (at '${token.text}', character ${token.at + 1})` : ' (at its end)'}`);
  }

  parse(): Condition {
    if (this.tokens.some((token) => token.text === '|')) {
      throw new ConditionUnsupported('aggregation', `condition "${this.text}": aggregations (| count() …) need many events; a SECL rule sees one`);
    }
    if (this.tokens.some((token) => token.text.toLowerCase() === 'near')) {
      throw new ConditionUnsupported('aggregation', `condition "${this.text}": 'near' relates several events; a SECL rule sees one`);
    }
    if (this.tokens.length === 0) this.fail('the condition is empty');
    const condition = this.or();
    if (this.peek()) this.fail(this.peek()?.text === ')' ? "this ')' has no matching '('" : 'expected and, or, or the end of the condition');
    return condition;
  }

  private or(): Condition {
    const items = [this.and()];
    while (this.word() === 'or') {
      this.index++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Condition) : { k: 'or', items };
  }

  private and(): Condition {
    const items = [this.unary()];
    while (this.word() === 'and') {
      this.index++;
      items.push(this.unary());
    }
    return items.length === 1 ? (items[0] as Condition) : { k: 'and', items };
  }

  private unary(): Condition {
    if (this.word() === 'not') {
      this.index++;
      return { k: 'not', item: this.unary() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const token = this.peek();
    if (!token) this.fail('expected a search identifier, a quantifier (1 of, all of) or (');
    if (token.text === '(') {
      this.index++;
      const inner = this.or();
      if (this.peek()?.text !== ')') this.fail("expected ')'");
      this.index++;
      return inner;
    }
    const word = token.text.toLowerCase();
    const next = this.tokens[this.index + 1]?.text.toLowerCase();
    if (next === 'of') {
      const quantifier = word === '1' || word === 'any' ? 'or' : word === 'all' ? 'and' : null;
      if (quantifier === null) {
        if (/^\d+$/.test(word)) throw new ConditionUnsupported('quantifier', `condition "${this.text}": '${token.text} of' (more than one of a group) is not supported; only 1 of and all of are`);
        this.fail(`'${token.text} of' is not a quantifier: write 1 of or all of`);
      }
      this.index += 2;
      const target = this.peek();
      if (!target || !identifierRe.test(target.text)) this.fail(`expected a search identifier pattern or 'them' after '${token.text} of'`);
      this.index++;
      const names = this.expand(target.text, `${token.text} of ${target.text}`);
      const refs: Condition[] = names.map((name) => ({ k: 'ref', name }));
      return refs.length === 1 ? (refs[0] as Condition) : { k: quantifier, items: refs };
    }
    if (['and', 'or', 'not', 'of', ')'].includes(word)) this.fail(`expected a search identifier, found '${token.text}'`);
    if (!identifierRe.test(token.text) || token.text.includes('*')) this.fail(`'${token.text}' is not a search identifier (wildcards only follow 1 of or all of)`);
    this.index++;
    return { k: 'ref', name: this.expand(token.text, token.text)[0] as string };
  }
}

function wildcardRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}

/**
 * Parses a condition against the rule's search identifiers. Throws ConditionError when it is malformed
 * or names an identifier the rule lacks, ConditionUnsupported when it needs several events.
 */
export function parseCondition(text: string, identifiers: readonly string[]): Condition {
  const expand = (pattern: string, where: string): string[] => {
    if (pattern.toLowerCase() === 'them') {
      const all = identifiers.filter((name) => !name.startsWith('_'));
      if (all.length === 0) throw new ConditionError(`condition "${text}": '${where}' but the rule has no search identifiers`);
      return all;
    }
    if (!pattern.includes('*')) {
      if (!identifiers.includes(pattern)) throw new ConditionError(`condition "${text}": no search identifier named '${pattern}' (the rule has: ${identifiers.join(', ') || 'none'})`);
      return [pattern];
    }
    const re = wildcardRegex(pattern);
    const matched = identifiers.filter((name) => re.test(name));
    if (matched.length === 0) throw new ConditionError(`condition "${text}": '${where}' matches no search identifier (the rule has: ${identifiers.join(', ') || 'none'})`);
    return matched;
  };
  return new Parser(text, expand).parse();
}
