/**
 * Finishes jest-junit's report for CI, after Jest wrote it: each failed or errored testcase gets
 * its step's log lines (and the gathers taken for it) in <system-out>, so CI shows what happened,
 * not a one-line reason (fast-xml-parser splits a "]]>" in it across CDATA sections); each testcase's classname becomes `<scenario>-<source_provider>-<storage_class>`
 * (the Python suite's suffix) so CI can group by scenario, source provider and storage class.
 * jest-junit cannot do either: it knows no per-test output and takes templates, not data.
 */
import fs from 'node:fs';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { StepRecord } from './step-records';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const OPTIONS = {
  ignoreAttributes: false,
  preserveOrder: true,
  attributeNamePrefix: '',
  cdataPropName: '__cdata',
  suppressEmptyNode: true,
  format: true,
  processEntities: true,
} as const;

function children(node: Node, tag: string): Node[] {
  return (node[tag] as Node[] | undefined) ?? [];
}

function tagOf(node: Node): string | undefined {
  return Object.keys(node).find((k) => k !== ':@');
}

function suiteProperties(suite: Node): Record<string, string> {
  const props = children(suite, 'testsuite').find((n) => tagOf(n) === 'properties');
  const out: Record<string, string> = {};
  for (const p of props ? children(props, 'properties') : []) {
    const a = p[':@'];
    if (a?.name !== undefined) out[a.name] = a.value ?? '';
  }
  return out;
}

export function systemOutOf(record: StepRecord): string {
  const gathers = record.gathers?.length ? [`gathers: ${record.gathers.join(', ')}`] : [];
  return [...record.log, ...gathers].join('\n');
}

/** One testcase: the grouping classname, and the step's log when it failed or errored. */
function enrichCase(tc: Node, scenario: string, suffix: string, byKey: ReadonlyMap<string, StepRecord>): void {
  const attrs = tc[':@'];
  if (!attrs) return;
  if (scenario && attrs.classname?.startsWith(scenario) && !attrs.classname.endsWith(suffix)) attrs.classname = `${scenario}${suffix}`;
  const body = children(tc, 'testcase');
  const failed = body.some((n) => ['failure', 'error'].includes(tagOf(n) ?? ''));
  const record = byKey.get(`${scenario}\u0000${attrs.name ?? ''}`);
  if (!failed || !record || body.some((n) => tagOf(n) === 'system-out')) return;
  body.push({ 'system-out': [{ __cdata: [{ '#text': systemOutOf(record) }] }] });
  tc.testcase = body;
}

function enrichSuite(suite: Node, byKey: ReadonlyMap<string, StepRecord>): void {
  const props = suiteProperties(suite);
  const suffix = `-${props.source_provider || 'unset'}-${props.storage_class || 'unset'}`;
  const scenario = props.scenario ?? suite[':@']?.name ?? '';
  for (const tc of children(suite, 'testsuite')) if (tagOf(tc) === 'testcase') enrichCase(tc, scenario, suffix, byKey);
}

/** The enriched XML (the input unchanged where nothing applies). */
export function enrichJunitXml(xml: string, records: readonly StepRecord[]): string {
  const doc = new XMLParser(OPTIONS).parse(xml) as Node[];
  const byKey = new Map(records.map((r) => [`${r.scenario}\u0000${r.title}`, r]));
  const suites = doc.filter((n) => tagOf(n) === 'testsuites').flatMap((top) => children(top, 'testsuites'));
  for (const suite of suites) if (tagOf(suite) === 'testsuite') enrichSuite(suite, byKey);
  return new XMLBuilder(OPTIONS).build(doc) as string;
}

/** Rewrites the JUnit file in place (atomically). */
export function enrichJunitFile(file: string, records: readonly StepRecord[]): void {
  const xml = fs.readFileSync(file, 'utf8');
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, enrichJunitXml(xml, records));
  fs.renameSync(tmp, file);
}
