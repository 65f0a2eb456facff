/**
 * test_verify_post_upgrade as findings: the installed MTV has the target major.minor, every
 * forklift-* pod runs and none of the operator's pods from before the upgrade is left (the
 * Deployments rolled), and the Plan made before the upgrade is still Ready.
 */
import type { IoK8sApiCoreV1Pod } from '@kubev2v/types';

export function versionFindings(actual: string, expected: string): string[] {
  const mm = (v: string) => /^v?(\d+)\.(\d+)/.exec(v);
  const a = mm(actual);
  const e = mm(expected);
  if (!a || !e) return [`could not parse MTV version strings: actual='${actual}', expected='${expected}'`];
  return a[1] === e[1] && a[2] === e[2] ? [] : [`expected MTV major.minor version '${e[1]}.${e[2]}', got '${actual}'`];
}

export function forkliftPodNames(pods: readonly IoK8sApiCoreV1Pod[]): string[] {
  return pods.map((p) => p.metadata?.name ?? '').filter((n) => n.startsWith('forklift-'));
}

export function podFindings(pods: readonly IoK8sApiCoreV1Pod[], before: readonly string[]): string[] {
  const forklift = pods.filter((p) => (p.metadata?.name ?? '').startsWith('forklift-'));
  const findings: string[] = [];
  if (!forklift.some((p) => p.metadata?.name?.startsWith('forklift-controller'))) findings.push('no forklift-controller pod');
  const notRunning = forklift.filter((p) => p.status?.phase !== 'Running').map((p) => `${p.metadata?.name} (${p.status?.phase ?? '?'})`);
  if (notRunning.length) findings.push(`forklift pods not Running: ${notRunning.join(', ')}`);
  const kept = forklift.map((p) => p.metadata?.name ?? '').filter((n) => before.includes(n));
  if (kept.length)
    findings.push(`forklift pods not replaced by the upgrade (expected new pods, found the pre-upgrade ones): ${kept.join(', ')}`);
  return findings;
}
