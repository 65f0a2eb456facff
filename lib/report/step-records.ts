/**
 * What each step of the run did, one JSON file per step under <data-collector>/steps/, written by
 * the worker that ran it: status, times, its log lines, the migration pipeline per VM (migrate
 * steps), the gathers taken for it. Read after the run by the JUnit enrichment (system-out of
 * failed steps) and the HTML run report. Lines are redacted when logged; nothing else of the
 * session (no object data, no credentials) is written here.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const STEP_RECORDS_DIR = 'steps';

export type StepStatus = 'passed' | 'failed' | 'skipped';

/** One phase of a VM's migration pipeline, as Migration status.vms[].pipeline shows it. */
export interface PipelinePhase {
  name: string;
  phase?: string;
  started?: string;
  completed?: string;
  error?: string;
  progress?: { completed?: number; total?: number };
}

export interface VmPipeline {
  vm: string;
  migration: string;
  phase?: string;
  started?: string;
  completed?: string;
  error?: string;
  pipeline: PipelinePhase[];
}

/** One failed check of a check step (VmValidationError.vms, flattened). */
export interface CheckFinding {
  vm: string;
  check: string;
  subject: string;
  expected: string;
  actual: string;
}

/** The findings a check error carries (duck-typed: the error may come from another realm), redacted. */
export function findingsOf(error: unknown, redactText: (s: string) => string): CheckFinding[] {
  const vms = (error as { vms?: unknown } | null)?.vms;
  if (!Array.isArray(vms)) return [];
  return (vms as Array<{ vm?: string; failures?: Array<Record<string, unknown>> }>).flatMap((v) =>
    (v.failures ?? []).map((f) => ({
      vm: redactText(String(v.vm ?? '')),
      check: redactText(String(f.check ?? '')),
      subject: redactText(String(f.subject ?? '')),
      expected: redactText(String(f.expected ?? '')),
      actual: redactText(String(f.actual ?? '')),
    })),
  );
}

export interface StepRecord {
  scenario: string;
  /** The scenario file (the JUnit testsuite). */
  file: string;
  /** The Jest test title (the JUnit testcase name), e.g. "migrate VMs-vsphere-8.0-standard-csi". */
  title: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  error?: string;
  skipReason?: string;
  log: string[];
  pipelines?: VmPipeline[];
  findings?: CheckFinding[];
  /** Gather folders taken for this step, relative to the data collector. */
  gathers?: string[];
}

function recordFile(dataCollectorDir: string, file: string, title: string): string {
  const key = createHash('sha1')
    .update(`${path.resolve(file)}\u0000${title}`)
    .digest('hex')
    .slice(0, 16);
  return path.join(dataCollectorDir, STEP_RECORDS_DIR, `${key}.json`);
}

export function writeStepRecord(dataCollectorDir: string, record: StepRecord): void {
  const file = recordFile(dataCollectorDir, record.file, record.title);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(record, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export function readStepRecord(dataCollectorDir: string, file: string, title: string): StepRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(recordFile(dataCollectorDir, file, title), 'utf8')) as StepRecord;
  } catch {
    return undefined;
  }
}

/** Every record of the run, in the order the steps started (skipped steps by file order). */
export function readStepRecords(dataCollectorDir: string): StepRecord[] {
  const dir = path.join(dataCollectorDir, STEP_RECORDS_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const records: StepRecord[] = [];
  for (const n of names) {
    try {
      records.push(JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as StepRecord);
    } catch {
      // a half-written record of a killed worker: the step shows as in Jest's results only
    }
  }
  return records;
}
