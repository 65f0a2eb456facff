/** The testcases of a jest-junit report. */
import fs from 'node:fs';
import { XMLParser } from 'fast-xml-parser';

export interface JunitCase {
  '@_name': string;
  '@_classname'?: string;
  failure?: unknown;
  skipped?: unknown;
  'system-out'?: string;
}

export function junitCases(file: string): JunitCase[] {
  const xml = new XMLParser({ ignoreAttributes: false }).parse(fs.readFileSync(file, 'utf8')) as { testsuites?: { testsuite?: unknown } };
  const suites = [xml.testsuites?.testsuite ?? []].flat() as Array<{ testcase?: JunitCase | JunitCase[] }>;
  return suites.flatMap((s) => [s.testcase ?? []].flat());
}
