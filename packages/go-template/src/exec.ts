/**
 * Evaluator for parsed templates (text/template/exec.go semantics): pipelines, commands,
 * function calls with Go's argument checks, field chains on structs and maps, variables,
 * if/with/range/else, break/continue and named templates. Errors carry the node being evaluated.
 */
import {
  type ArgNode,
  type BranchNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type ListNode,
  type Node,
  type NumberNode,
  type PipeNode,
  type VariableNode,
  nodeString,
} from './ast';
import { FuncCallError, TemplateError } from './errors';
import { printValueForAction as printValue } from './fmt';
import { GoPanic, type FuncMap, type GoFunc, type ParamType } from './funcs';
import { byteLen, normalizeGoString } from './go-strings';
import type { ParsedTemplate } from './parser';
import { type GoValue, INVALID, NIL, goBool, goFloat, goInt, goString, truth, typeName } from './values';

/** Go's limit is 100000; a JavaScript stack is exhausted earlier, so this renderer stops sooner. */
const MAX_TEMPLATE_DEPTH = 1000;
/** Output cap, so a runaway range or repeat cannot exhaust memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

class BreakSignal {}
class ContinueSignal {}

/** "No final argument" marker (Go's missingVal). */
const MISSING: GoValue = { k: 'invalid' };

interface Variable {
  name: string;
  value: GoValue;
  /** Static type interface {} (a range element of a slice or map), for Go's error wording. */
  iface?: boolean;
}

const PARAM_TYPE_NAME: Record<ParamType, string> = {
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  any: 'interface {}',
  value: 'reflect.Value',
};

class State {
  private vars: Variable[];
  /** Whether dot currently is a range element of static type interface {}. */
  private dotIface = false;
  private node: { pos: number; str: string } | undefined;
  private out: string[] = [];
  private outBytes = 0;

  constructor(
    private readonly tmpl: ParsedTemplate,
    private readonly funcs: FuncMap,
    root: GoValue,
    private readonly depth: number,
    /** Go ≥ 1.22: {{range N}} iterates 0..N-1. */
    private readonly rangeOverInt: boolean,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  output(): string {
    return normalizeGoString(this.out.join(''));
  }

  private at(n: { pos: number } & (ArgNode | CommandNode | Node | PipeNode)): void {
    this.node = { pos: n.pos, str: nodeString(n as Parameters<typeof nodeString>[0]) };
  }

  private fail(msg: string): never {
    throw this.error(msg);
  }

  private error(msg: string): TemplateError {
    const text = this.tmpl.text;
    const pos = this.node?.pos ?? 0;
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = byteLen(nl < 0 ? before : before.slice(nl + 1));
    const context = this.node?.str ?? '';
    return new TemplateError('exec', this.tmpl.name, line, col, msg, context);
  }

  private write(s: string): void {
    this.outBytes += byteLen(s);
    if (this.outBytes > MAX_OUTPUT_BYTES) this.fail(`output exceeds ${MAX_OUTPUT_BYTES} bytes`);
    this.out.push(s);
  }

  // ---- variables

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private setTopVar(n: number, value: GoValue, iface = false): void {
    const v = this.vars[this.vars.length - n] as Variable;
    v.value = value;
    v.iface = iface;
  }

  private lookupVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v;
    }
    this.fail(`undefined variable: ${name}`);
  }

  private varValue(name: string): GoValue {
    return this.lookupVar(name).value;
  }

  /** Walks with dot of (or not of) static type interface {}. */
  private walkWithDot(dot: GoValue, node: Node, iface: boolean): void {
    const saved = this.dotIface;
    this.dotIface = iface;
    try {
      this.walk(dot, node);
    } finally {
      this.dotIface = saved;
    }
  }

  // ---- walking

  walk(dot: GoValue, node: Node): void {
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) {
          this.at(node);
          this.write(printValue(val));
        }
        return;
      }
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'text':
        this.write(node.text);
        return;
    }
  }

  private walkIfOrWith(dot: GoValue, node: BranchNode): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      if (truth(val)) {
        if (node.type === 'with') this.walkWithDot(val, node.list, false);
        else this.walk(dot, node.list);
      } else if (node.elseList) {
        this.walk(dot, node.elseList);
      }
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: GoValue, node: BranchNode): void {
    this.at(node);
    const outer = this.mark();
    try {
      let val = this.evalPipeline(dot, node.pipe);
      if (val.k === 'struct' && val.ptr) val = { ...val, ptr: false };
      const mark = this.mark();
      // Elements of []interface{} and map[string]interface{} have static type interface {}.
      const elemIface = val.k === 'slice' || val.k === 'map';
      const one = (index: GoValue, elem: GoValue): boolean => {
        const decl = node.pipe.decl;
        if (decl.length > 0) {
          if (node.pipe.isAssign) {
            if (decl.length > 1) {
              this.setVar(decl[0]?.idents[0] as string, index);
              this.setVar(decl[1]?.idents[0] as string, elem);
            } else {
              this.setVar(decl[0]?.idents[0] as string, elem);
            }
          } else {
            this.setTopVar(1, elem, elemIface);
            if (decl.length > 1) this.setTopVar(2, index);
          }
        }
        try {
          this.walkWithDot(elem, node.list, elemIface);
        } catch (e) {
          if (e instanceof BreakSignal) return false;
          if (!(e instanceof ContinueSignal)) throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      switch (val.k) {
        case 'slice':
          if (val.items.length === 0) break;
          for (let i = 0; i < val.items.length; i++) {
            if (!one(goInt(i), val.items[i] as GoValue)) break;
          }
          return;
        case 'map': {
          if (val.entries.size === 0) break;
          const keys = [...val.entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
          for (const k of keys) {
            if (!one(goString(k), val.entries.get(k) as GoValue)) break;
          }
          return;
        }
        case 'int': {
          if (!this.rangeOverInt) this.fail(`range can't iterate over ${printValue(val)}`);
          if (node.pipe.decl.length > 1) this.fail(`can't use ${printValue(val)} to iterate over more than one variable`);
          if (val.v <= 0n) break;
          if (val.v > 10_000_000n) this.fail(`range over ${val.v} exceeds this renderer's iteration limit`);
          for (let i = 0n; i < val.v; i++) {
            const elem = goInt(i, val.t);
            if (!one(elem, elem)) break;
          }
          return;
        }
        case 'invalid':
        case 'nil':
          break;
        default:
          // Go reports this at the last node evaluated in the pipeline.
          this.fail(`range can't iterate over ${printValue(val)}`);
      }
      if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: GoValue, node: Extract<Node, { type: 'template' }>): void {
    this.at(node);
    const body = node.name === this.tmpl.name ? this.tmpl.root : this.tmpl.defined.get(node.name);
    if (!body) this.fail(`template ${JSON.stringify(node.name)} not defined`);
    if (this.depth >= MAX_TEMPLATE_DEPTH) this.fail(`exceeded maximum template depth (${MAX_TEMPLATE_DEPTH})`);
    const newDot = node.pipe ? this.evalPipeline(dot, node.pipe) : INVALID;
    const sub = new State(this.tmpl, this.funcs, newDot, this.depth + 1, this.rangeOverInt);
    sub.walk(newDot, body as ListNode);
    this.write(sub.output());
  }

  // ---- evaluation

  evalPipeline(dot: GoValue, pipe: PipeNode): GoValue {
    this.at(pipe);
    let value = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An interface{} holding nil becomes "no value" (Go digs into interfaces here).
      if (value.k === 'nil') value = INVALID;
    }
    for (const v of pipe.decl) {
      if (pipe.isAssign) this.setVar(v.idents[0] as string, value);
      else this.push(v.idents[0] as string, value);
    }
    return value;
  }

  private notAFunction(args: readonly ArgNode[], final: GoValue): void {
    if (args.length > 1 || final !== MISSING) this.fail(`can't give argument to non-function ${nodeString(args[0] as ArgNode)}`);
  }

  private evalCommand(dot: GoValue, cmd: CommandNode, final: GoValue): GoValue {
    const first = cmd.args[0] as ArgNode;
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return goBool(first.value);
      case 'dot':
        return dot;
      case 'nil':
        this.fail('nil is not a command');
      // falls through (fail never returns)
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return goString(first.text);
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.at(n);
    if (n.isComplex) return { k: 'complex', re: n.complex?.[0] ?? 0, im: n.complex?.[1] ?? 0 };
    const isHexInt = /^0[xX]/.test(n.text) && !/[pP]/.test(n.text);
    const isRuneInt = n.text.startsWith("'");
    if (n.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(n.text)) return goFloat(n.float64);
    if (n.isInt) return goInt(n.int64);
    if (n.isUint) this.fail(`${n.text} overflows int`);
    return INVALID;
  }

  private evalFieldNode(dot: GoValue, field: FieldNode, args: readonly ArgNode[], final: GoValue): GoValue {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.idents, args, final, this.dotIface ? 'interface {}' : undefined);
  }

  private evalChainNode(dot: GoValue, chain: ChainNode, args: readonly ArgNode[], final: GoValue): GoValue {
    if (chain.node.type === 'nil') this.fail(`indirection through explicit nil in ${nodeString(chain)}`);
    const pipe = this.evalArg(dot, undefined, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.fields, args, final);
  }

  private evalVariableNode(dot: GoValue, variable: VariableNode, args: readonly ArgNode[], final: GoValue): GoValue {
    this.at(variable);
    const v = this.lookupVar(variable.idents[0] as string);
    if (variable.idents.length === 1) {
      this.notAFunction(args, final);
      return v.value;
    }
    return this.evalFieldChain(dot, v.value, variable, variable.idents.slice(1), args, final, v.iface ? 'interface {}' : undefined);
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: GoValue,
    node: ArgNode,
    idents: readonly string[],
    args: readonly ArgNode[],
    final: GoValue,
    receiverStaticType?: string,
  ): GoValue {
    let r = receiver;
    // A value read from a map[string]interface{} has static type interface {} in Go's messages.
    let staticType = receiverStaticType;
    for (let i = 0; i < idents.length - 1; i++) {
      const fromMap = r.k === 'map';
      r = this.evalField(idents[i] as string, [], MISSING, r, staticType);
      staticType = fromMap ? 'interface {}' : undefined;
    }
    return this.evalField(idents[idents.length - 1] as string, args, final, r, staticType);
  }

  private evalField(fieldName: string, args: readonly ArgNode[], final: GoValue, receiver: GoValue, staticType?: string): GoValue {
    if (receiver.k === 'invalid') return INVALID;
    if (receiver.k === 'nil') this.fail(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = args.length > 1 || final !== MISSING;
    if (receiver.k === 'struct') {
      const field = receiver.fields.get(fieldName);
      if (field !== undefined) {
        if (hasArgs) this.fail(`${fieldName} has arguments but cannot be invoked as function`);
        return field;
      }
    } else if (receiver.k === 'map') {
      if (hasArgs) this.fail(`${fieldName} is not a method but has arguments`);
      return receiver.entries.get(fieldName) ?? INVALID;
    }
    this.fail(`can't evaluate field ${fieldName} in type ${staticType ?? typeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, node: IdentifierNode, cmd: ArgNode | CommandNode, args: readonly ArgNode[], final: GoValue): GoValue {
    this.at(node);
    const fn = this.funcs.get(node.name);
    if (!fn) this.fail(`${JSON.stringify(node.name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, node.name, args, final);
  }

  private evalCall(dot: GoValue, fn: GoFunc, node: ArgNode | CommandNode, name: string, allArgs: readonly ArgNode[], final: GoValue): GoValue {
    const args = allArgs.slice(1); // the zeroth is the function itself
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const numFixed = fn.variadic ? fn.params.length : args.length;
    if (fn.variadic) {
      if (numIn < numFixed) this.fail(`wrong number of args for ${name}: want at least ${fn.params.length} got ${args.length}`);
    } else if (numIn !== fn.params.length) {
      this.fail(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }
    if (fn.shortCircuit) {
      let v: GoValue = INVALID;
      for (const a of args) {
        v = this.evalArg(dot, 'value', a);
        if (truth(v) === (fn.shortCircuit === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, fn.params[i] as ParamType, args[i] as ArgNode));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, fn.variadic, args[i] as ArgNode));
    if (final !== MISSING) {
      let t: ParamType;
      if (fn.variadic) t = numIn - 1 < numFixed ? (fn.params[numIn - 1] as ParamType) : fn.variadic;
      else t = fn.params[fn.params.length - 1] as ParamType;
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.call(argv);
    } catch (e) {
      if (e instanceof FuncCallError || e instanceof GoPanic) {
        this.at(node);
        this.fail(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  /** validateType: can `value` be passed where Go expects `typ`? */
  private validateType(value: GoValue, typ: ParamType | undefined): GoValue {
    if (value.k === 'invalid') {
      if (typ === undefined || typ === 'value') return INVALID;
      if (typ === 'any') return NIL;
      this.fail(`invalid value; expected ${PARAM_TYPE_NAME[typ]}`);
    }
    if (typ === undefined || typ === 'any' || typ === 'value') return value;
    const actual = value.k === 'struct' ? typeName(value) : typeName(value);
    if (actual === PARAM_TYPE_NAME[typ]) return value;
    this.fail(`wrong type for value; expected ${PARAM_TYPE_NAME[typ]}; got ${actual}`);
  }

  private evalArg(dot: GoValue, typ: ParamType | undefined, n: ArgNode): GoValue {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === 'any') return NIL;
        if (typ === 'value') return INVALID;
        this.fail(`cannot assign nil to ${typ === undefined ? 'interface {}' : PARAM_TYPE_NAME[typ]}`);
      // falls through (fail never returns)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, [], MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [n], MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, [], MISSING), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return goBool(n.value);
        this.fail(`expected bool; found ${nodeString(n)}`);
      // falls through
      case 'float64':
        if (n.type === 'number' && n.isFloat) return goFloat(n.float64);
        this.fail(`expected float; found ${nodeString(n)}`);
      // falls through
      case 'int':
        if (n.type === 'number' && n.isInt) return goInt(n.int64);
        this.fail(`expected integer; found ${nodeString(n)}`);
      // falls through
      case 'string':
        if (n.type === 'string') return goString(n.text);
        this.fail(`expected string; found ${nodeString(n)}`);
      // falls through
      default:
        // interface{} and reflect.Value: evalEmptyInterface
        if (n.type === 'bool') return goBool(n.value);
        if (n.type === 'number') return this.idealConstant(n);
        return goString(n.text);
    }
  }
}

/** Executes a parsed template against data; throws TemplateError('exec') on failure. */
export function execute(tmpl: ParsedTemplate, funcs: FuncMap, data: GoValue, rangeOverInt = true): string {
  const state = new State(tmpl, funcs, data, 0, rangeOverInt);
  try {
    state.walk(data, tmpl.root);
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    // The parser rejects {{break}}/{{continue}} outside {{range}}; this is a guard, not a path.
    if (e instanceof BreakSignal || e instanceof ContinueSignal) throw new TemplateError('exec', tmpl.name, 1, 0, 'break or continue outside range');
    if (e instanceof RangeError) {
      throw new TemplateError('exec', tmpl.name, 1, 0, `evaluation too deep: ${e.message}`);
    }
    throw e;
  }
  return state.output();
}
