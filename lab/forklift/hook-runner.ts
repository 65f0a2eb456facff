/**
 * Local hooks as Forklift runs them (pkg/controller/plan/hook.go, reference §8): a ConfigMap with
 * workload.yml / playbook.yml / plan.yml and a batch Job (backoffLimit 1, restartPolicy Never,
 * container `hook`) in the Plan's namespace, both generateName lower("<plan>-<vmID>-<step>-") and
 * labelled plan/migration/vmID/step/hook/resource; the Job is owned by the Plan and the ConfigMap
 * by the Job. The lab is the Job's executor: it decides the run's outcome from the playbook
 * (lab/forklift/playbook.ts) and writes the Job status a real Job controller would (Complete, or
 * Failed "Job has reached the specified backoff limit"). The step outcome is read back from the Job.
 */
import YAML from 'yaml';
import type { KubeObject } from '../apiserver/contract';
import { nowTimestamp } from '../apiserver/objects';
import type { Kinds } from './kinds';
import { runPlaybook } from './playbook';

export interface HookRunInput {
  plan: KubeObject;
  migrationUid: string;
  vmId: string;
  step: 'PreHook' | 'PostHook';
  hook: KubeObject;
  workload: unknown;
  serviceAccount?: string;
}

export interface HookJob {
  job: KubeObject;
  willFail: boolean;
}

const BACKOFF_MESSAGE = 'Job has reached the specified backoff limit';

function ownerRef(o: KubeObject, controller: boolean) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name ?? '',
    uid: o.metadata.uid ?? '',
    ...(controller ? { controller: true, blockOwnerDeletion: true } : {}),
  };
}

/** Creates the ConfigMap and the Job; returns the Job and whether its run will fail. */
export function createHookJob(kinds: Kinds, input: HookRunInput): HookJob {
  const { plan, hook } = input;
  const ns = plan.metadata.namespace ?? '';
  const prefix = `${plan.metadata.name}-${input.vmId}-${input.step}-`.toLowerCase();
  const labels = {
    plan: plan.metadata.uid ?? '',
    migration: input.migrationUid,
    vmID: input.vmId,
    step: input.step,
    hook: hook.metadata.uid ?? '',
    resource: 'hook-config',
  };
  const hs = (hook.spec ?? {}) as { image?: string; playbook?: string; serviceAccount?: string; deadline?: number };
  const playbookText = hs.playbook ? Buffer.from(hs.playbook, 'base64').toString('utf8') : '';
  const cm = kinds.store.create(kinds.rt('configMap'), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { generateName: prefix, namespace: ns, labels },
    data: { 'workload.yml': YAML.stringify(input.workload), 'playbook.yml': playbookText, 'plan.yml': YAML.stringify(plan.spec ?? {}) },
  });
  const container: Record<string, unknown> = {
    name: 'hook',
    image: hs.image ?? '',
    volumeMounts: [{ name: 'hook', mountPath: '/tmp/hook' }],
    resources: { requests: { cpu: '100m', memory: '150Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  };
  if (hs.playbook) container.command = ['/bin/entrypoint', 'ansible-runner', 'run', '/tmp/runner', '-p', '/tmp/hook/playbook.yml'];
  const podSpec: Record<string, unknown> = {
    restartPolicy: 'Never',
    containers: [container],
    volumes: [{ name: 'hook', configMap: { name: cm.metadata.name } }],
  };
  const sa = hs.serviceAccount || input.serviceAccount;
  if (sa) podSpec.serviceAccountName = sa;
  const jobSpec: Record<string, unknown> = { backoffLimit: 1, template: { metadata: { labels }, spec: podSpec } };
  if (hs.deadline && hs.deadline > 0) jobSpec.activeDeadlineSeconds = hs.deadline;
  const job = kinds.store.create(kinds.rt('job'), {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: prefix, namespace: ns, labels, ownerReferences: [ownerRef(plan, true)] },
    spec: jobSpec,
  });
  kinds.store.mutate(kinds.rt('configMap'), ns, cm.metadata.name ?? '', (o) => (o.metadata.ownerReferences = [ownerRef(job, false)]));
  kinds.store.mutate(kinds.rt('job'), ns, job.metadata.name ?? '', (o) => (o.status = { active: 1, startTime: nowTimestamp() }), {
    status: true,
  });
  return { job, willFail: !runPlaybook(hs.playbook).ok };
}

/** Writes the finished Job status (what the Job controller reports after the pod(s) ran). */
export function finishHookJob(kinds: Kinds, job: KubeObject, failed: boolean): void {
  const now = nowTimestamp();
  kinds.store.mutate(
    kinds.rt('job'),
    job.metadata.namespace,
    job.metadata.name ?? '',
    (o) => {
      const start = (o.status as { startTime?: string } | undefined)?.startTime ?? now;
      o.status = failed
        ? {
            startTime: start,
            failed: 2, // backoffLimit 1: the first run and one retry
            conditions: [
              {
                type: 'FailureTarget',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: BACKOFF_MESSAGE,
                lastProbeTime: now,
                lastTransitionTime: now,
              },
              {
                type: 'Failed',
                status: 'True',
                reason: 'BackoffLimitExceeded',
                message: BACKOFF_MESSAGE,
                lastProbeTime: now,
                lastTransitionTime: now,
              },
            ],
          }
        : {
            startTime: start,
            completionTime: now,
            succeeded: 1,
            conditions: [
              {
                type: 'SuccessCriteriaMet',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastProbeTime: now,
                lastTransitionTime: now,
              },
              {
                type: 'Complete',
                status: 'True',
                reason: 'CompletionsReached',
                message: 'Reached expected number of succeeded pods',
                lastProbeTime: now,
                lastTransitionTime: now,
              },
            ],
          };
    },
    { status: true },
  );
}

/** Reads the step outcome from the Job as Forklift does: a Failed condition's message, or success. */
export function hookJobOutcome(kinds: Kinds, job: KubeObject): { done: boolean; error?: string } {
  const cur = kinds.get('job', job.metadata.namespace, job.metadata.name ?? '');
  if (!cur) return { done: true, error: 'Hook job not found.' };
  const st = (cur.status ?? {}) as {
    succeeded?: number;
    failed?: number;
    conditions?: Array<{ type: string; status: string; message?: string }>;
  };
  const failedCond = st.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
  if (failedCond) return { done: true, error: failedCond.message ?? BACKOFF_MESSAGE };
  if ((st.failed ?? 0) > 3) return { done: true, error: 'Retry limit exceeded.' };
  if ((st.succeeded ?? 0) > 0) return { done: true };
  return { done: false };
}
