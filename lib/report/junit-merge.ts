/**
 * Joins JUnit files (one per shard of an Indexed Job run) into one: every <testsuite> of every
 * input, in input order and unchanged (properties, system-out and CDATA included), under one
 * <testsuites> whose tests/failures/errors/time are the sums of the inputs' own.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { OpsUsageError } from '../../exceptions/ops';

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const XML_OPTIONS = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
} as const;

const SUMMED = ['tests', 'failures', 'errors', 'skipped'] as const;

function rootOf(nodes: Node[], name: string): Node {
  const root = nodes.find((n) => 'testsuites' in n || 'testsuite' in n);
  if (!root) throw new OpsUsageError(`${name} is not a JUnit report (no <testsuites> or <testsuite> element)`);
  return root;
}

/** The <testsuite> nodes of one report (a bare <testsuite> root counts as one). */
function suitesOf(root: Node): Node[] {
  if ('testsuite' in root) return [root];
  return (root.testsuites as Node[]).filter((n) => 'testsuite' in n);
}

export function mergeJunit(inputs: ReadonlyArray<{ name: string; xml: string }>): string {
  const parser = new XMLParser(XML_OPTIONS);
  const totals: Record<string, number> = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  const suites: Node[] = [];
  for (const { name, xml } of inputs) {
    let nodes: Node[];
    try {
      nodes = parser.parse(xml) as Node[];
    } catch (error) {
      throw new OpsUsageError(`${name} is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
    }
    const own = suitesOf(rootOf(nodes, name));
    for (const suite of own) {
      const a = suite[':@'] ?? {};
      for (const key of SUMMED) totals[key]! += Number(a[key] ?? 0) || 0;
      totals.time! += Number(a.time ?? 0) || 0;
    }
    suites.push(...own);
  }
  const attrs: Record<string, string> = { name: 'merged', time: totals.time!.toFixed(3) };
  for (const key of SUMMED) attrs[key] = String(totals[key]);
  const doc = [
    { '?xml': [{ '#text': '' }], ':@': { version: '1.0', encoding: 'UTF-8' } },
    { testsuites: suites, ':@': attrs },
  ];
  return `${new XMLBuilder({ ...XML_OPTIONS, format: false, suppressEmptyNode: true }).build(doc) as string}\n`;
}
