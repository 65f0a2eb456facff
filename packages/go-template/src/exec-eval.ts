/**
 * Evaluation of pipelines, commands and arguments (text/template/exec.go eval*): function calls
 * with Go's argument checks, field chains on structs and maps, variables, ideal constants.
 */
import {
  type ArgNode,
  type BoolNode,
  type ChainNode,
  type CommandNode,
  type FieldNode,
  type IdentifierNode,
  type NumberNode,
  type PipeNode,
  type StringNode,
  type VariableNode,
  nodeString,
} from './ast';
import { FuncCallError } from './errors';
import { ExecState } from './exec-state';
import { GoPanic, type FuncMap, type GoFunc, type ParamType } from './funcs';
import type { ParsedTemplate } from './parser';
import { type GoValue, INVALID, NIL, goBool, goFloat, goInt, goString, truth, typeName } from './values';

/** "No final argument" marker (Go's missingVal). */
const MISSING: GoValue = { k: 'invalid' };

const PARAM_TYPE_NAME: Record<ParamType, string> = {
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  any: 'interface {}',
  value: 'reflect.Value',
};

export abstract class Evaluator extends ExecState {
  /** Whether dot currently is a range element of static type interface {}. */
  protected dotIface = false;

  constructor(
    tmpl: ParsedTemplate,
    protected readonly funcs: FuncMap,
    root: GoValue,
  ) {
    super(tmpl, root);
  }

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

  private evalCall(
    dot: GoValue,
    fn: GoFunc,
    node: ArgNode | CommandNode,
    name: string,
    allArgs: readonly ArgNode[],
    final: GoValue,
  ): GoValue {
    const args = allArgs.slice(1); // the zeroth is the function itself
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    this.checkArgCount(fn, name, args.length, numIn);
    if (fn.shortCircuit) return this.evalShortCircuit(dot, fn.shortCircuit, args, final);
    const numFixed = fn.variadic ? fn.params.length : args.length;
    const argv = args.map((a, i) => this.evalArg(dot, i < numFixed ? (fn.params[i] as ParamType) : fn.variadic, a));
    if (final !== MISSING) argv.push(this.validateType(final, finalParamType(fn, numIn, numFixed)));
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

  private checkArgCount(fn: GoFunc, name: string, numArgs: number, numIn: number): void {
    if (fn.variadic) {
      if (numIn < fn.params.length) this.fail(`wrong number of args for ${name}: want at least ${fn.params.length} got ${numArgs}`);
    } else if (numIn !== fn.params.length) {
      this.fail(`wrong number of args for ${name}: want ${fn.params.length} got ${numIn}`);
    }
  }

  /** and / or: arguments are evaluated only until one decides the result. */
  private evalShortCircuit(dot: GoValue, kind: 'and' | 'or', args: readonly ArgNode[], final: GoValue): GoValue {
    let v: GoValue = INVALID;
    for (const a of args) {
      v = this.evalArg(dot, 'value', a);
      if (truth(v) === (kind === 'or')) return v;
    }
    return final !== MISSING ? this.validateType(final, 'value') : v;
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
        return this.nilArg(typ);
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
      default:
        return this.constantArg(typ, n);
    }
  }

  private nilArg(typ: ParamType | undefined): GoValue {
    if (typ === 'any') return NIL;
    if (typ === 'value') return INVALID;
    this.fail(`cannot assign nil to ${typ === undefined ? 'interface {}' : PARAM_TYPE_NAME[typ]}`);
  }

  /** A bool, number or string constant passed where Go expects `typ`. */
  private constantArg(typ: ParamType | undefined, n: BoolNode | NumberNode | StringNode): GoValue {
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

/** The parameter the piped-in value fills: the last one, or for variadic functions the next one. */
function finalParamType(fn: GoFunc, numIn: number, numFixed: number): ParamType {
  if (!fn.variadic) return fn.params[fn.params.length - 1] as ParamType;
  return numIn - 1 < numFixed ? (fn.params[numIn - 1] as ParamType) : fn.variadic;
}
