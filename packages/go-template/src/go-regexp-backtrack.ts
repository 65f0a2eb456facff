/**
 * Go's backtracking matcher (regexp/backtrack.go) over a compiled program: each (instruction,
 * position) pair is visited at most once, and alternatives are tried in priority order, which
 * gives leftmost-first matches with Go's capture positions.
 */
import type { CompiledGoRegexp, Inst } from './go-regexp';

const isWordChar = (r: number): boolean => (r >= 0x30 && r <= 0x39) || (r >= 0x41 && r <= 0x5a) || (r >= 0x61 && r <= 0x7a) || r === 0x5f;

function assertion(kind: Inst & { op: 'empty' }, runes: readonly number[], pos: number): boolean {
  const r1 = pos > 0 ? (runes[pos - 1] as number) : -1;
  const r2 = pos < runes.length ? (runes[pos] as number) : -1;
  switch (kind.kind) {
    case 'bot':
      return r1 < 0;
    case 'eot':
      return r2 < 0;
    case 'bol':
      return r1 < 0 || r1 === 0x0a;
    case 'eol':
      return r2 < 0 || r2 === 0x0a;
    case 'wb':
      return isWordChar(r1) !== isWordChar(r2);
    case 'nwb':
      return isWordChar(r1) === isWordChar(r2);
  }
}

/** A pending thread; arg=true resumes an alternation's second branch or restores a capture. */
type Job = { pc: number; pos: number; arg: boolean };

class Backtracker {
  private readonly n: number;
  private readonly ncap: number;
  private readonly visited: Uint32Array;
  private readonly cap: number[];
  private jobs: Job[] = [];

  constructor(
    private readonly re: CompiledGoRegexp,
    private readonly runes: readonly number[],
  ) {
    this.n = runes.length;
    this.ncap = re.names.length * 2;
    this.visited = new Uint32Array(Math.ceil((re.prog.length * (this.n + 1)) / 32));
    this.cap = new Array<number>(this.ncap).fill(-1);
  }

  /** Tries each start position from `from` on; the first match wins. */
  run(from: number): number[] | undefined {
    for (let start = from; start <= this.n; start++) {
      if (this.re.start === 0) return undefined;
      this.cap.fill(-1);
      this.cap[0] = start;
      this.jobs = [{ pc: this.re.start, pos: start, arg: false }];
      const caps = this.drain();
      if (caps) return caps;
    }
    return undefined;
  }

  private shouldVisit(pc: number, pos: number): boolean {
    const k = pc * (this.n + 1) + pos;
    const w = k >>> 5;
    const bit = 1 << (k & 31);
    if ((this.visited[w] as number) & bit) return false;
    this.visited[w] = (this.visited[w] as number) | bit;
    return true;
  }

  private drain(): number[] | undefined {
    while (this.jobs.length > 0) {
      const job = this.jobs.pop() as Job;
      if (!job.arg && !this.shouldVisit(job.pc, job.pos)) continue;
      const caps = this.thread(job);
      if (caps) return caps;
    }
    return undefined;
  }

  /** Follows one thread until it fails, reaches a visited state, or matches (the captures). */
  private thread(job: Job): number[] | undefined {
    let pc: number | undefined = job.arg ? this.resume(job) : job.pc;
    let pos = job.pos;
    while (pc !== undefined) {
      const inst = this.re.prog[pc] as Inst;
      if (inst.op === 'match') {
        this.cap[1] = pos;
        return this.cap.slice();
      }
      const next = this.step(inst, pc, pos);
      if (next === undefined) return undefined;
      pc = next.pc;
      pos = next.pos;
      if (!this.shouldVisit(pc, pos)) return undefined;
    }
    return undefined;
  }

  /** A job with arg=true: take an alternation's second branch, or restore a capture slot (ends the thread). */
  private resume(job: Job): number | undefined {
    const inst = this.re.prog[job.pc] as Inst;
    if (inst.op === 'alt') return this.shouldVisit(inst.arg, job.pos) ? inst.arg : undefined;
    if (inst.op === 'cap') {
      this.cap[inst.slot] = job.pos; // pos carries the saved old value
      return undefined;
    }
    return job.pc;
  }

  /** Executes one instruction other than match; undefined when the thread fails. */
  private step(inst: Exclude<Inst, { op: 'match' }>, pc: number, pos: number): { pc: number; pos: number } | undefined {
    switch (inst.op) {
      case 'fail':
        return undefined;
      case 'rune':
        return pos < this.n && inst.match(this.runes[pos] as number) ? { pc: inst.out, pos: pos + 1 } : undefined;
      case 'empty':
        return assertion(inst, this.runes, pos) ? { pc: inst.out, pos } : undefined;
      case 'cap':
        if (inst.slot < this.ncap) {
          this.jobs.push({ pc, pos: this.cap[inst.slot] as number, arg: true });
          this.cap[inst.slot] = pos;
        }
        return { pc: inst.out, pos };
      case 'alt':
        this.jobs.push({ pc, pos, arg: true });
        return { pc: inst.out, pos };
      case 'nop':
        return { pc: inst.out, pos };
    }
  }
}

/**
 * Leftmost-first search from `from` (Go's backtrack()): returns capture positions (rune indexes,
 * -1 when unset) or undefined.
 */
export function search(re: CompiledGoRegexp, runes: readonly number[], from: number): number[] | undefined {
  return new Backtracker(re, runes).run(from);
}
