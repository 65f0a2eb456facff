/**
 * Child-process entry of the cluster pre-flight (lib/preflight/spawn.ts starts it). It loads the
 * cluster client at once and then waits: the request, secrets included, arrives as JSON on stdin —
 * never in argv — and the verdict leaves as one JSON line on stdout: {"ok":true} or
 * {"error":"<one line naming the fix>","input":true}.
 */
import { errorMessage, isInputError } from '../../exceptions/base';
import { loadClientNode } from '../k8s/client-node';
import { checkCluster, type ClusterPreflightRequest } from './cluster';

// Loading the client is most of this process's time; it overlaps with the parent's own start-up
// (e.g. the embedded lab starting) because the request comes later.
loadClientNode();

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => (input += chunk));
process.stdin.on('end', () => {
  if (input.trim() === '') return; // the parent no longer needs a verdict (it failed before asking)
  const request = JSON.parse(input) as ClusterPreflightRequest;
  checkCluster(request).then(
    () => process.stdout.write(`${JSON.stringify({ ok: true })}\n`),
    (error: unknown) => process.stdout.write(`${JSON.stringify({ error: errorMessage(error), input: isInputError(error) })}\n`),
  );
});
