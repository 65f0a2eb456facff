/**
 * The parser's view of the lexer's items (text/template/parse: next, backup, peek, the
 * non-space variants, expect), and parse errors in Go's wording, carrying the line of the
 * furthest token read as Go's parser does.
 */
import type { Item, ItemType } from './lexer';

const KEYWORD_TYPES: ReadonlySet<ItemType> = new Set<ItemType>([
  'block',
  'break',
  'continue',
  'define',
  'else',
  'end',
  'if',
  'nil',
  'range',
  'template',
  'with',
]);

/** Go's item.String(), used in "unexpected X in Y" messages. */
function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (KEYWORD_TYPES.has(i.typ) || i.typ === 'dot') return `<${i.val}>`;
  if (Array.from(i.val).length > 10) return goQuote(Array.from(i.val).slice(0, 10).join('')) + '...';
  return goQuote(i.val);
}

/** %q of a string (enough of strconv.Quote for token text). */
export function goQuote(s: string): string {
  return JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => `\\x${h.slice(2)}`);
}

export class ParseFailure extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export abstract class ItemCursor {
  protected index = 0;
  /** The furthest token read from the lexer (Go's token[0]): parse errors carry its line. */
  private current: Item;
  private furthest = -1;
  /** Line of the action being parsed, for "in action started at" (0 outside actions). */
  protected actionLine = 0;

  constructor(
    protected readonly name: string,
    protected readonly items: Item[],
  ) {
    this.current = this.items[0] ?? { typ: 'eof', pos: 0, val: '', line: 1 };
  }

  protected fail(detail: string): never {
    throw new ParseFailure(this.current.line, detail);
  }

  protected next(): Item {
    const item = this.items[this.index] ?? (this.items[this.items.length - 1] as Item);
    if (this.index > this.furthest) {
      this.furthest = this.index;
      this.current = item;
    }
    if (this.index < this.items.length) this.index++;
    return item;
  }

  protected backup(n = 1): void {
    this.index -= n;
  }

  protected peek(): Item {
    const item = this.next();
    this.backup();
    return item;
  }

  protected nextNonSpace(): Item {
    let item: Item;
    do item = this.next();
    while (item.typ === 'space');
    return item;
  }

  protected peekNonSpace(): Item {
    const item = this.nextNonSpace();
    this.backup();
    return item;
  }

  protected expect(typ: ItemType, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== typ) this.unexpected(token, context);
    return token;
  }

  protected unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.fail(`${token.val}${extra}`);
    }
    this.fail(`unexpected ${itemString(token)} in ${context}`);
  }
}
