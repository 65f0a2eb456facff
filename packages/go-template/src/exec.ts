/**
 * Execution of parsed templates (text/template/exec.go semantics): the tree walk (text, actions,
 * if/with/range/else, break/continue, named templates) on top of exec-eval.ts (pipelines,
 * commands, function calls, fields, variables) and exec-state.ts (output, variable stack, the
 * node every error names).
 */
import type { BranchNode, ListNode, Node } from './ast';
import { TemplateError } from './errors';
import { Evaluator } from './exec-eval';
import { printValueForAction as printValue } from './fmt';
import type { FuncMap } from './funcs';
import type { ParsedTemplate } from './parser';
import { type GoValue, INVALID, goInt, goString, truth } from './values';

/** Go's limit is 100000; a JavaScript stack is exhausted earlier, so this renderer stops sooner. */
const MAX_TEMPLATE_DEPTH = 1000;

/** The range body for one (index, element); false after {{break}}. */
type RangeStep = (index: GoValue, elem: GoValue) => boolean;

class BreakSignal {}
class ContinueSignal {}

/** Walks the tree (exec.go walk*): output, if/with/range, named templates; evaluation is Evaluator's. */
class State extends Evaluator {
  constructor(
    tmpl: ParsedTemplate,
    funcs: FuncMap,
    root: GoValue,
    private readonly depth: number,
    /** Go ≥ 1.22: {{range N}} iterates 0..N-1. */
    private readonly rangeOverInt: boolean,
  ) {
    super(tmpl, funcs, root);
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
      const one: RangeStep = (index, elem) => this.rangeStep(node, mark, elemIface, index, elem);
      if (!this.rangeOver(val, node, one) && node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(outer);
    }
  }

  /** Runs the range body for one element; false after {{break}}. */
  private rangeStep(node: BranchNode, mark: number, elemIface: boolean, index: GoValue, elem: GoValue): boolean {
    this.bindRangeVars(node, elemIface, index, elem);
    try {
      this.walkWithDot(elem, node.list, elemIface);
    } catch (e) {
      if (e instanceof BreakSignal) return false;
      if (!(e instanceof ContinueSignal)) throw e;
    } finally {
      this.pop(mark);
    }
    return true;
  }

  private bindRangeVars(node: BranchNode, elemIface: boolean, index: GoValue, elem: GoValue): void {
    const decl = node.pipe.decl;
    if (decl.length === 0) return;
    if (!node.pipe.isAssign) {
      this.setTopVar(1, elem, elemIface);
      if (decl.length > 1) this.setTopVar(2, index);
    } else if (decl.length > 1) {
      this.setVar(decl[0]?.idents[0] as string, index);
      this.setVar(decl[1]?.idents[0] as string, elem);
    } else {
      this.setVar(decl[0]?.idents[0] as string, elem);
    }
  }

  /** Iterates val with `one`; false when there was nothing to iterate (the else branch runs). */
  private rangeOver(val: GoValue, node: BranchNode, one: RangeStep): boolean {
    switch (val.k) {
      case 'slice':
        if (val.items.length === 0) return false;
        for (let i = 0; i < val.items.length; i++) {
          if (!one(goInt(i), val.items[i] as GoValue)) break;
        }
        return true;
      case 'map': {
        if (val.entries.size === 0) return false;
        const keys = [...val.entries.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
        for (const k of keys) {
          if (!one(goString(k), val.entries.get(k) as GoValue)) break;
        }
        return true;
      }
      case 'int':
        return this.rangeInt(val, node, one);
      case 'invalid':
      case 'nil':
        return false;
      default:
        // Go reports this at the last node evaluated in the pipeline.
        this.fail(`range can't iterate over ${printValue(val)}`);
    }
  }

  /** Go ≥ 1.22's {{range N}}. */
  private rangeInt(val: Extract<GoValue, { k: 'int' }>, node: BranchNode, one: RangeStep): boolean {
    if (!this.rangeOverInt) this.fail(`range can't iterate over ${printValue(val)}`);
    if (node.pipe.decl.length > 1) this.fail(`can't use ${printValue(val)} to iterate over more than one variable`);
    if (val.v <= 0n) return false;
    if (val.v > 10_000_000n) this.fail(`range over ${val.v} exceeds this renderer's iteration limit`);
    for (let i = 0n; i < val.v; i++) {
      const elem = goInt(i, val.t);
      if (!one(elem, elem)) break;
    }
    return true;
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
}

/** Executes a parsed template against data; throws TemplateError('exec') on failure. */
export function execute(tmpl: ParsedTemplate, funcs: FuncMap, data: GoValue, rangeOverInt = true): string {
  const state = new State(tmpl, funcs, data, 0, rangeOverInt);
  try {
    state.walk(data, tmpl.root);
  } catch (e) {
    if (e instanceof TemplateError) throw e;
    // The parser rejects {{break}}/{{continue}} outside {{range}}; this is a guard, not a path.
    if (e instanceof BreakSignal || e instanceof ContinueSignal)
      throw new TemplateError('exec', tmpl.name, 1, 0, 'break or continue outside range');
    if (e instanceof RangeError) {
      throw new TemplateError('exec', tmpl.name, 1, 0, `evaluation too deep: ${e.message}`);
    }
    throw e;
  }
  return state.output();
}
