/**
 * Parser for Go text/template (text/template/parse/parse.go semantics): actions, pipelines with
 * declarations and assignments, if / else if / else, with / else, range / else with break and
 * continue, define / template / block, parenthesized pipelines, field chains. Function names
 * are resolved at parse time as in Go, so an undefined function is a parse error.
 */
import type { ActionNode, ArgNode, BranchNode, CommandNode, ListNode, Node, PipeNode, VariableNode } from './ast';
import { nodeString } from './ast';
import { TemplateError } from './errors';
import { ItemCursor, ParseFailure, goQuote } from './item-cursor';
import { type Item, type ItemType, lex } from './lexer';
import { LiteralError, parseNumber, unquoteString } from './literals';

export interface ParsedTemplate {
  readonly name: string;
  readonly text: string;
  readonly root: ListNode;
  /** Templates created with {{define}} or {{block}}, by name. */
  readonly defined: ReadonlyMap<string, ListNode>;
}

type EndNode = { type: 'end'; pos: number; line: number } | { type: 'else'; pos: number; line: number };

/** Tokens that start a command of a pipeline. */
const COMMAND_START: ReadonlySet<ItemType> = new Set<ItemType>([
  'bool',
  'charConstant',
  'complex',
  'dot',
  'field',
  'identifier',
  'number',
  'nil',
  'rawString',
  'string',
  'variable',
  'leftParen',
]);

class Parser extends ItemCursor {
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  readonly defined = new Map<string, ListNode>();

  constructor(
    name: string,
    private readonly text: string,
    private readonly hasFunction: (name: string) => boolean,
    /** Go ≥ 1.23: {{else with ...}} chains like {{else if ...}}. */
    private readonly elseWith: boolean,
  ) {
    super(name, lex(text, !hasFunction('break'), !hasFunction('continue')));
  }

  parse(): ListNode {
    const root: ListNode = { type: 'list', pos: 0, nodes: [] };
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const delim = this.next();
        if (this.nextNonSpace().typ === 'define') {
          this.parseDefinition();
          continue;
        }
        // Back to the delimiter (the skipped spaces are re-read by the action).
        this.index = this.items.indexOf(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') this.fail(`unexpected {{${n.type}}}`);
      root.nodes.push(n);
    }
    // An error token ends the item stream: report it.
    const last = this.peek();
    if (last.typ === 'error') this.unexpected(this.next(), 'input');
    return root;
  }

  /** {{define "name"}} ... {{end}} */
  private parseDefinition(): void {
    const nameTok = this.nextNonSpace();
    if (nameTok.typ !== 'string' && nameTok.typ !== 'rawString') this.unexpected(nameTok, 'define clause');
    const name = this.unquote(nameTok.val);
    this.expect('rightDelim', 'define clause');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.fail(`unexpected {{${end.type}}}`);
    this.vars = savedVars;
    this.addDefinition(name, list);
  }

  private addDefinition(name: string, list: ListNode): void {
    const existing = this.defined.get(name);
    // Go allows redefinition unless both bodies are non-empty (text/template "multiple definition").
    if (existing && !isEmptyTree(existing) && !isEmptyTree(list)) this.fail(`template: multiple definition of template ${goQuote(name)}`);
    if (!existing || !isEmptyTree(list)) this.defined.set(name, list);
  }

  private unquote(token: string): string {
    try {
      return unquoteString(token);
    } catch (e) {
      if (e instanceof LiteralError) this.fail(e.message);
      throw e;
    }
  }

  private itemList(): [ListNode, EndNode] {
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    const last = this.peekNonSpace();
    if (last.typ === 'error') this.unexpected(this.next(), 'input');
    this.fail('unexpected EOF');
  }

  private textOrAction(): Node | EndNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'text':
        return { type: 'text', pos: token.pos, text: token.val };
      case 'leftDelim':
        this.actionLine = token.line;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | EndNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.breakControl(token);
      case 'else':
        return this.elseControl();
      case 'end':
        return { type: 'end', pos: this.expect('rightDelim', 'end').pos, line: token.line };
      case 'if':
        return this.parseControl('if', token);
      case 'range':
        return this.parseControl('range', token);
      case 'template':
        return this.templateControl();
      case 'with':
        return this.parseControl('with', token);
    }
    this.backup();
    const t = this.peek();
    const action: ActionNode = { type: 'action', pos: t.pos, line: t.line, pipe: this.pipeline('command', 'rightDelim') };
    return action;
  }

  private breakControl(token: Item): Node {
    const next = this.nextNonSpace();
    if (next.typ !== 'rightDelim') this.unexpected(next, `{{${token.val}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${token.val}}} outside {{range}}`);
    return { type: token.typ as 'break' | 'continue', pos: token.pos, line: token.line };
  }

  private elseControl(): EndNode {
    const peek = this.peekNonSpace();
    // "{{else if ...": rewritten as {{else}}{{if ...}}...{{end}}; the if is parsed by parseControl.
    if (peek.typ === 'if' || (this.elseWith && peek.typ === 'with')) return { type: 'else', pos: peek.pos, line: peek.line };
    const token = this.expect('rightDelim', 'else');
    return { type: 'else', pos: token.pos, line: token.line };
  }

  private parseControl(context: 'if' | 'with' | 'range', token: Item): BranchNode {
    const varsMark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      let list: ListNode;
      let next: EndNode;
      try {
        [list, next] = this.itemList();
      } finally {
        if (context === 'range') this.rangeDepth--;
      }
      let elseList: ListNode | undefined;
      if (next.type === 'else') {
        if (context === 'if' && this.peek().typ === 'if') {
          const ifTok = this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.parseControl('if', ifTok)] };
        } else if (this.elseWith && context === 'with' && this.peek().typ === 'with') {
          const withTok = this.next();
          elseList = { type: 'list', pos: next.pos, nodes: [this.parseControl('with', withTok)] };
        } else {
          let end: EndNode;
          [elseList, end] = this.itemList();
          if (end.type !== 'end') this.fail(`expected end; found {{${end.type}}}`);
        }
      }
      return { type: context, pos: token.pos, line: token.line, pipe, list, elseList };
    } finally {
      this.vars.length = varsMark;
    }
  }

  /** {{template "name" pipeline}} */
  private templateControl(): Node {
    const nameTok = this.nextNonSpace();
    const name = this.parseTemplateName(nameTok, 'template clause');
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().typ !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    // Go positions the node at the name token.
    return { type: 'template', pos: nameTok.pos, line: nameTok.line, name, pipe };
  }

  /** {{block "name" pipeline}} T1 {{end}} = {{define "name"}} T1 {{end}}{{template "name" pipeline}} */
  private blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const savedVars = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    if (end.type !== 'end') this.fail(`unexpected {{${end.type}}} in ${context}`);
    this.vars = savedVars;
    this.addDefinition(name, list);
    return { type: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === 'string' || token.typ === 'rawString') return this.unquote(token.val);
    this.unexpected(token, context);
  }

  private pipeline(context: string, end: ItemType): PipeNode {
    const token = this.peekNonSpace();
    const pipe: PipeNode = { type: 'pipe', pos: token.pos, line: token.line, isAssign: false, decl: [], cmds: [] };
    while (this.declaration(pipe, context)) continue;
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (!COMMAND_START.has(token.typ)) this.unexpected(token, context);
      this.backup();
      pipe.cmds.push(this.command());
    }
  }

  /** Reads one "$x :=", "$x =" or "$x," of a pipeline's head; true when range's second variable follows. */
  private declaration(pipe: PipeNode, context: string): boolean {
    const v = this.peekNonSpace();
    if (v.typ !== 'variable') return false;
    const startIndex = this.index;
    this.nextNonSpace();
    const next = this.peekNonSpace();
    if (next.typ === 'assign' || next.typ === 'declare') {
      pipe.isAssign = next.typ === 'assign';
      this.nextNonSpace();
      this.declare(pipe, v);
      return false;
    }
    if (next.typ === 'char' && next.val === ',') {
      this.nextNonSpace();
      this.declare(pipe, v);
      if (context === 'range' && pipe.decl.length < 2) {
        const p = this.peekNonSpace().typ;
        if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') return true;
        this.fail('range can only initialize variables');
      }
      this.fail(`too many declarations in ${context}`);
    }
    // Not a declaration: "$x" is an operand; rewind.
    this.index = startIndex;
    return false;
  }

  private declare(pipe: PipeNode, v: Item): void {
    pipe.decl.push({ type: 'variable', pos: v.pos, idents: v.val.split('.') });
    this.vars.push(v.val);
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      const t = c.args[0]?.type;
      if (t === 'bool' || t === 'dot' || t === 'nil' || t === 'number' || t === 'string') {
        this.fail(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().typ !== 'field') return node;
    const fields: string[] = [];
    const chainPos = this.peek().pos;
    while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chainPos, idents: [...node.idents, ...fields] };
      case 'variable':
        return { type: 'variable', pos: chainPos, idents: [...node.idents, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.fail(`unexpected . after term ${goQuote(nodeString(node))}`);
      // falls through (fail never returns)
      default:
        return { type: 'chain', pos: chainPos, node, fields };
    }
  }

  private term(): ArgNode | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (!this.hasFunction(token.val)) this.fail(`function ${goQuote(token.val)} not defined`);
        return { type: 'identifier', pos: token.pos, name: token.val };
      case 'dot':
        return { type: 'dot', pos: token.pos };
      case 'nil':
        return { type: 'nil', pos: token.pos };
      case 'variable':
        return this.variableTerm(token);
      case 'field':
        return { type: 'field', pos: token.pos, idents: token.val.slice(1).split('.') };
      case 'bool':
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant':
      case 'complex':
      case 'number':
        return this.numberTerm(token, token.typ);
      case 'leftParen':
        return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string':
      case 'rawString':
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return undefined;
  }

  private variableTerm(token: Item): VariableNode {
    const v: VariableNode = { type: 'variable', pos: token.pos, idents: token.val.split('.') };
    if (!this.vars.includes(v.idents[0] as string)) this.fail(`undefined variable ${goQuote(v.idents[0] as string)}`);
    return v;
  }

  private numberTerm(token: Item, typ: 'charConstant' | 'complex' | 'number'): ArgNode {
    try {
      return parseNumber(token.pos, token.val, typ);
    } catch (e) {
      if (e instanceof LiteralError) this.fail(e.message);
      throw e;
    }
  }
}

/** parse.IsEmptyTree: only whitespace text. */
function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.type === 'text' && n.text.trim() === '');
}

/** Parses a template; throws TemplateError('parse') with Go's message on failure. */
export function parseTemplate(name: string, text: string, hasFunction: (name: string) => boolean, elseWith = true): ParsedTemplate {
  const parser = new Parser(name, text, hasFunction, elseWith);
  try {
    const root = parser.parse();
    return { name, text, root, defined: parser.defined };
  } catch (e) {
    if (e instanceof ParseFailure) throw new TemplateError('parse', name, e.line, undefined, e.detail);
    throw e;
  }
}
