/**
 * What an execution keeps besides dot (text/template/exec.go state): the output with its cap, the
 * variable stack, and the node being evaluated, which every exec error names with its position.
 */
import { type ArgNode, type CommandNode, type Node, type PipeNode, nodeString } from './ast';
import { TemplateError } from './errors';
import { byteLen, normalizeGoString } from './go-strings';
import type { ParsedTemplate } from './parser';
import type { GoValue } from './values';

/** Output cap, so a runaway range or repeat cannot exhaust memory. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

export interface Variable {
  name: string;
  value: GoValue;
  /** Static type interface {} (a range element of a slice or map), for Go's error wording. */
  iface?: boolean;
}

export abstract class ExecState {
  private readonly vars: Variable[];
  private node: { pos: number; str: string } | undefined;
  private readonly out: string[] = [];
  private outBytes = 0;

  constructor(
    protected readonly tmpl: ParsedTemplate,
    root: GoValue,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  output(): string {
    return normalizeGoString(this.out.join(''));
  }

  protected at(n: { pos: number } & (ArgNode | CommandNode | Node | PipeNode)): void {
    this.node = { pos: n.pos, str: nodeString(n as Parameters<typeof nodeString>[0]) };
  }

  protected fail(msg: string): never {
    throw this.error(msg);
  }

  protected error(msg: string): TemplateError {
    const text = this.tmpl.text;
    const pos = this.node?.pos ?? 0;
    const before = text.slice(0, pos);
    const nl = before.lastIndexOf('\n');
    const line = 1 + (before.match(/\n/g)?.length ?? 0);
    const col = byteLen(nl < 0 ? before : before.slice(nl + 1));
    const context = this.node?.str ?? '';
    return new TemplateError('exec', this.tmpl.name, line, col, msg, context);
  }

  protected write(s: string): void {
    this.outBytes += byteLen(s);
    if (this.outBytes > MAX_OUTPUT_BYTES) this.fail(`output exceeds ${MAX_OUTPUT_BYTES} bytes`);
    this.out.push(s);
  }

  // ---- variables

  protected mark(): number {
    return this.vars.length;
  }

  protected pop(mark: number): void {
    this.vars.length = mark;
  }

  protected push(name: string, value: GoValue): void {
    this.vars.push({ name, value });
  }

  protected setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) {
        v.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  protected setTopVar(n: number, value: GoValue, iface = false): void {
    const v = this.vars[this.vars.length - n] as Variable;
    v.value = value;
    v.iface = iface;
  }

  protected lookupVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i] as Variable;
      if (v.name === name) return v;
    }
    this.fail(`undefined variable: ${name}`);
  }

  protected varValue(name: string): GoValue {
    return this.lookupVar(name).value;
  }
}
