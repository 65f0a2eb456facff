/** Parse tree of a Go text/template (the node kinds of text/template/parse). */

export interface Located {
  /** UTF-16 offset of the node in the template text. */
  readonly pos: number;
}

export interface FieldNode extends Located {
  readonly type: 'field';
  readonly idents: readonly string[];
}
export interface VariableNode extends Located {
  readonly type: 'variable';
  readonly idents: readonly string[];
}
export interface IdentifierNode extends Located {
  readonly type: 'identifier';
  readonly name: string;
}
export interface DotNode extends Located {
  readonly type: 'dot';
}
export interface NilNode extends Located {
  readonly type: 'nil';
}
export interface BoolNode extends Located {
  readonly type: 'bool';
  readonly value: boolean;
}
export interface StringNode extends Located {
  readonly type: 'string';
  readonly quoted: string;
  readonly text: string;
}
export interface NumberNode extends Located {
  readonly type: 'number';
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: bigint;
  readonly float64: number;
  /** Real and imaginary parts when isComplex. */
  readonly complex?: readonly [number, number];
}
export interface ChainNode extends Located {
  readonly type: 'chain';
  readonly node: ArgNode;
  readonly fields: readonly string[];
}

export type ArgNode =
  FieldNode | VariableNode | IdentifierNode | DotNode | NilNode | BoolNode | StringNode | NumberNode | ChainNode | PipeNode;

export interface CommandNode extends Located {
  readonly type: 'command';
  readonly args: ArgNode[];
}

export interface PipeNode extends Located {
  readonly type: 'pipe';
  readonly line: number;
  isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface TextNode extends Located {
  readonly type: 'text';
  readonly text: string;
}
export interface ActionNode extends Located {
  readonly type: 'action';
  readonly line: number;
  readonly pipe: PipeNode;
}
export interface BranchNode extends Located {
  readonly type: 'if' | 'with' | 'range';
  readonly line: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | undefined;
}
export interface BreakNode extends Located {
  readonly type: 'break' | 'continue';
  readonly line: number;
}
export interface TemplateCallNode extends Located {
  readonly type: 'template';
  readonly line: number;
  readonly name: string;
  readonly pipe: PipeNode | undefined;
}
export interface ListNode extends Located {
  readonly type: 'list';
  readonly nodes: Node[];
}

export type Node = TextNode | ActionNode | BranchNode | BreakNode | TemplateCallNode | ListNode;

function argString(n: ArgNode): string {
  return n.type === 'pipe' ? '(' + nodeString(n) + ')' : nodeString(n);
}

/** Go's Node.String(): the node re-rendered as template source (used in exec error context). */
export function nodeString(n: ArgNode | CommandNode | ActionNode | Node): string {
  switch (n.type) {
    case 'command':
      return n.args.map(argString).join(' ');
    case 'pipe':
      return pipeString(n);
    case 'action':
    case 'text':
    case 'if':
    case 'with':
    case 'range':
    case 'break':
    case 'continue':
    case 'template':
    case 'list':
      return treeNodeString(n);
    default:
      return operandString(n);
  }
}

function pipeString(n: PipeNode): string {
  const decl = n.decl.length > 0 ? n.decl.map((v) => nodeString(v)).join(', ') + (n.isAssign ? ' = ' : ' := ') : '';
  return decl + n.cmds.map((c) => nodeString(c)).join(' | ');
}

function operandString(n: Exclude<ArgNode, PipeNode>): string {
  switch (n.type) {
    case 'field':
      return '.' + n.idents.join('.');
    case 'variable':
      return n.idents.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'string':
      return n.quoted;
    case 'number':
      return n.text;
    case 'chain':
      return argString(n.node) + '.' + n.fields.join('.');
  }
}

function treeNodeString(n: Node): string {
  switch (n.type) {
    case 'action':
      return '{{' + nodeString(n.pipe) + '}}';
    case 'text':
      return n.text;
    case 'if':
    case 'with':
    case 'range':
      return `{{${n.type} ${nodeString(n.pipe)}}}`;
    case 'break':
    case 'continue':
      return `{{${n.type}}}`;
    case 'template':
      return `{{template ${JSON.stringify(n.name)}${n.pipe ? ' ' + nodeString(n.pipe) : ''}}}`;
    case 'list':
      return n.nodes.map((c) => nodeString(c)).join('');
  }
}
