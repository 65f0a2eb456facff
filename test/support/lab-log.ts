/**
 * The lines of a run's `<data-collector>/lab.log` that explain a failure on the lab: what the
 * guests component logged (refused port-forwards, sshd errors) and any failure or error line.
 */
import fs from 'node:fs';
import path from 'node:path';

export function labLogHighlights(dataCollectorDir: string, max: number): string[] {
  const file = path.join(dataCollectorDir, 'lab.log');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('[guests]') || /fail|error/i.test(line))
    .slice(-max);
}
