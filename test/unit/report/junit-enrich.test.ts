/** JUnit enrichment: system-out for failed/errored testcases only, CI grouping classnames, CDATA-safe. */
import { enrichJunitXml } from '../../../lib/report/junit-enrich';
import type { StepRecord } from '../../../lib/report/step-records';

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="1" errors="0" time="1">
  <testsuite name="sanity-cold" errors="0" failures="1" skipped="1" timestamp="2026-01-01T00:00:00" time="1" tests="3">
    <properties>
      <property name="source_provider" value="vsphere-8.0"/>
      <property name="storage_class" value="nfs"/>
      <property name="scenario" value="sanity-cold"/>
    </properties>
    <testcase classname="sanity-cold" name="create Plan-vsphere-8.0-nfs" time="0.1"/>
    <testcase classname="sanity-cold" name="check VMs-vsphere-8.0-nfs" time="0.2">
      <failure>cpu: expected 2 &amp; actual 3</failure>
    </testcase>
    <testcase classname="sanity-cold" name="migrate VMs-vsphere-8.0-nfs" time="0">
      <skipped/>
    </testcase>
  </testsuite>
</testsuites>`;

const record = (title: string, log: string[], extra: Partial<StepRecord> = {}): StepRecord => ({
  scenario: 'sanity-cold',
  file: '/x/sanity-cold.scenario.json',
  title,
  status: 'failed',
  log,
  ...extra,
});

describe('enrichJunitXml', () => {
  const out = enrichJunitXml(XML, [
    record('check VMs-vsphere-8.0-nfs', ['line one <with> markup', 'a ]]> inside'], { gathers: ['must-gather/sanity-cold-check_VMs'] }),
    record('create Plan-vsphere-8.0-nfs', ['passed step line'], { status: 'passed' }),
  ]);

  it('puts the failed step log (and its gathers) in that testcase system-out, nowhere else', () => {
    expect(out.split('<system-out>').length - 1).toBe(1);
    expect(out).toMatch(
      /name="check VMs-vsphere-8.0-nfs"[\s\S]*<failure>[\s\S]*<system-out><!\[CDATA\[line one <with> markup\na \]\]\]\]><!\[CDATA\[> inside\ngathers: must-gather\/sanity-cold-check_VMs\]\]>/,
    );
    expect(out).not.toContain('passed step line');
  });

  it('gives every testcase the classname <scenario>-<source_provider>-<storage_class>', () => {
    expect([...out.matchAll(/classname="([^"]+)"/g)].map((m) => m[1])).toEqual([
      'sanity-cold-vsphere-8.0-nfs',
      'sanity-cold-vsphere-8.0-nfs',
      'sanity-cold-vsphere-8.0-nfs',
    ]);
  });

  it('keeps the rest: failure text, entities, skipped, properties', () => {
    expect(out).toContain('cpu: expected 2 &amp; actual 3');
    expect(out).toMatch(/<skipped\/>|<skipped><\/skipped>/);
    expect(out).toContain('<property name="storage_class" value="nfs"/>');
    expect(enrichJunitXml(out, [record('check VMs-vsphere-8.0-nfs', ['again'])])).not.toContain('again');
  });
});
