/**
 * fmt.Sprintf (fmt/print.go doPrintf): flags, width and precision (also from '*' operands),
 * explicit argument indexes [n], and fmt's inline reports (%!(BADWIDTH), %!(BADPREC),
 * %!(NOVERB), %!v(BADINDEX), %!s(MISSING), %!(EXTRA ...)). One Printf per call carries doPrintf's
 * state (position, argument number, reordered, goodArgNum) through its steps.
 */
import { type Flags, clearFlags, printArg } from './fmt';
import { type GoValue, typeName } from './values';

const tooLarge = (n: number): boolean => n > 1e6 || n < -1e6;

class Printf {
  private readonly chars: string[];
  private readonly end: number;
  private out = '';
  private i = 0;
  private argNum = 0;
  private reordered = false;
  private goodArgNum = true;

  constructor(
    format: string,
    private readonly args: readonly GoValue[],
  ) {
    this.chars = Array.from(format);
    this.end = this.chars.length;
  }

  run(): string {
    while (this.i < this.end) {
      this.goodArgNum = true;
      const lasti = this.i;
      while (this.i < this.end && this.chars[this.i] !== '%') this.i++;
      if (this.i > lasti) this.out += this.chars.slice(lasti, this.i).join('');
      if (this.i >= this.end) break;
      this.i++;
      if (!this.directive()) break;
    }
    if (!this.reordered && this.argNum < this.args.length) this.out += this.extra();
    return this.out;
  }

  /** One %... directive after the '%'; false when the format ended before the verb. */
  private directive(): boolean {
    const f = this.flags();
    const afterIndex = this.precision(f, this.width(f));
    if (!afterIndex) this.index();
    if (this.i >= this.end) {
      this.out += '%!(NOVERB)';
      return false;
    }
    const verb = this.chars[this.i] as string;
    this.i++;
    this.verb(verb, f);
    return true;
  }

  private flags(): Flags {
    const f = clearFlags();
    for (; this.i < this.end; this.i++) {
      const c = this.chars[this.i];
      if (c === '#') f.sharp = true;
      else if (c === '0') f.zero = !f.minus;
      else if (c === '+') f.plus = true;
      else if (c === '-') {
        f.minus = true;
        f.zero = false;
      } else if (c === ' ') f.space = true;
      else break;
    }
    return f;
  }

  /** [n] before the width, then the width ('*' or digits); true when an index came last. */
  private width(f: Flags): boolean {
    const afterIndex = this.index();
    if (this.i < this.end && this.chars[this.i] === '*') {
      this.i++;
      const w = this.intFromArg();
      if (w.ok) f.wid = w.num;
      else this.out += '%!(BADWIDTH)';
      if (f.wid !== undefined && f.wid < 0) {
        f.wid = -f.wid;
        f.minus = true;
        f.zero = false;
      }
      return false;
    }
    const p = this.parsenum(this.i);
    this.i = p.next;
    if (p.ok) {
      f.wid = p.num;
      if (afterIndex) this.goodArgNum = false;
    }
    return afterIndex;
  }

  /** '.' then [n] and the precision ('*' or digits); true when an index came last. */
  private precision(f: Flags, afterIndex: boolean): boolean {
    if (!(this.i + 1 < this.end && this.chars[this.i] === '.')) return afterIndex;
    this.i++;
    if (afterIndex) this.goodArgNum = false;
    const found = this.index();
    if (this.i < this.end && this.chars[this.i] === '*') {
      this.i++;
      const p = this.intFromArg();
      if (p.ok && p.num >= 0) f.prec = p.num;
      else this.out += '%!(BADPREC)';
      return false;
    }
    const p = this.parsenum(this.i);
    this.i = p.next;
    f.prec = p.ok ? p.num : 0;
    return found;
  }

  private verb(verb: string, f: Flags): void {
    if (verb === '%') {
      this.out += '%';
      return;
    }
    if (!this.goodArgNum) {
      this.out += `%!${verb}(BADINDEX)`;
      return;
    }
    if (this.argNum >= this.args.length) {
      this.out += `%!${verb}(MISSING)`;
      return;
    }
    if (verb === 'v') {
      f.sharpV = f.sharp;
      f.sharp = false;
      f.plusV = f.plus;
      f.plus = false;
    }
    this.out += printArg(this.args[this.argNum] as GoValue, verb, f);
    this.argNum++;
  }

  private extra(): string {
    const rest = this.args
      .slice(this.argNum)
      .map((x) => (x.k === 'nil' || x.k === 'invalid' ? '<nil>' : `${typeName(x)}=${printArg(x, 'v', clearFlags())}`));
    return `%!(EXTRA ${rest.join(', ')})`;
  }

  private parsenum(start: number): { num: number; ok: boolean; next: number } {
    if (start >= this.end) return { num: 0, ok: false, next: this.end };
    let num = 0;
    let ok = false;
    let i = start;
    while (i < this.end && (this.chars[i] as string) >= '0' && (this.chars[i] as string) <= '9') {
      if (tooLarge(num)) return { num: 0, ok: false, next: this.end };
      num = num * 10 + Number(this.chars[i]);
      ok = true;
      i++;
    }
    return { num, ok, next: i };
  }

  /** An argument index [n] at the position, if any (argNumber); true when one was found. */
  private index(): boolean {
    const i = this.i;
    if (i >= this.end || this.chars[i] !== '[') return false;
    this.reordered = true;
    const { index, wid, ok } = this.parseArgNumber(i);
    this.i = i + wid;
    if (ok && index >= 0 && index < this.args.length) {
      this.argNum = index;
      return true;
    }
    this.goodArgNum = false;
    return ok;
  }

  /** parseArgNumber: "[n]" at i, 1-based; wid is how much of the format it spans. */
  private parseArgNumber(i: number): { index: number; wid: number; ok: boolean } {
    if (this.end - i < 3) return { index: 0, wid: 1, ok: false };
    for (let j = i + 1; j < this.end; j++) {
      if (this.chars[j] !== ']') continue;
      const p = this.parsenum(i + 1);
      if (!p.ok || p.next !== j) return { index: 0, wid: j - i + 1, ok: false };
      return { index: p.num - 1, wid: j - i + 1, ok: true };
    }
    return { index: 0, wid: 1, ok: false };
  }

  private intFromArg(): { num: number; ok: boolean } {
    let num = 0;
    let ok = false;
    if (this.argNum < this.args.length) {
      const a = this.args[this.argNum] as GoValue;
      if (a.k === 'int') {
        num = Number(a.t === 'uint8' ? a.v : BigInt.asIntN(64, a.v));
        ok = true;
      }
      this.argNum++;
      if (tooLarge(num)) {
        num = 0;
        ok = false;
      }
    }
    return { num, ok };
  }
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  return new Printf(format, args).run();
}
