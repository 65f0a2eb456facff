/**
 * Child-process entry of the real-cluster preflight (lib/k8s/preflight-run.ts starts it). The
 * access, secrets included, arrives as JSON on stdin — never in argv — and the verdict leaves as
 * one JSON line on stdout: {"ok":true} or {"error":"<one line naming the fix>"}.
 */
import { errorMessage, isInputError } from '../../exceptions/base';
import type { ClusterAccess } from './connect';
import { checkClusterAccess } from './preflight';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => (input += chunk));
process.stdin.on('end', () => {
  const access = JSON.parse(input) as ClusterAccess;
  checkClusterAccess(access).then(
    () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ error: errorMessage(error), input: isInputError(error) })}\n`),
  );
});
