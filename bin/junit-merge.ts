/**
 * `npm run junit-merge -- <out.xml> <in1.xml> <in2.xml> ...`: joins the shards' JUnit files of an
 * Indexed Job run (docs/openshift-job.md) into one for CI (lib/report/junit-merge.ts).
 */
import fs from 'node:fs';
import { errorMessage, isInputError } from '../exceptions/base';
import { OpsUsageError } from '../exceptions/ops';
import { mergeJunit } from '../lib/report/junit-merge';

function main(argv: readonly string[]): number {
  const [out, ...inputs] = argv;
  if (!out || inputs.length === 0 || out.startsWith('-'))
    throw new OpsUsageError('usage: npm run junit-merge -- <out.xml> <shard-1 junit.xml> [<shard-2 junit.xml> ...]');
  if (inputs.includes(out)) throw new OpsUsageError(`${out} is both the output and an input; name a new output file`);
  const files = inputs.map((name) => {
    try {
      return { name, xml: fs.readFileSync(name, 'utf8') };
    } catch (error) {
      throw new OpsUsageError(
        `cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}); pass the shards' junit-report.xml files`,
      );
    }
  });
  const merged = mergeJunit(files);
  fs.writeFileSync(out, merged);
  const tests = /<testsuites [^>]*tests="(\d+)"/.exec(merged)?.[1] ?? '0';
  process.stdout.write(`junit-merge: ${out}: ${tests} testcase(s) from ${inputs.length} file(s)\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!isInputError(error)) throw error;
  process.stderr.write(`npm run junit-merge: ${errorMessage(error)}\n`);
  process.exitCode = 2;
}
