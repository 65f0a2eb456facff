/**
 * "Runs" a hook's Ansible playbook the way the hook-runner image would decide its exit status:
 * the base64 playbook is decoded and parsed as YAML; a task using the `fail` module (fail,
 * ansible.builtin.fail, ansible.legacy.fail, or `action: fail`) fails the run unless a block's
 * `rescue` catches it; everything else succeeds. A playbook that is not valid YAML or not a list
 * of plays fails as ansible-playbook would (syntax error).
 */
import YAML from 'yaml';

export interface PlaybookOutcome {
  ok: boolean;
  reason: string;
}

const FAIL_MODULES = new Set(['fail', 'ansible.builtin.fail', 'ansible.legacy.fail']);

type Task = Record<string, unknown>;

function usesFail(task: Task): boolean {
  if (Object.keys(task).some((k) => FAIL_MODULES.has(k))) return true;
  const action = task.action ?? task.local_action;
  if (typeof action === 'string') return FAIL_MODULES.has(action.trim().split(/\s+/)[0] ?? '');
  if (action && typeof action === 'object') return FAIL_MODULES.has(String((action as Record<string, unknown>).module ?? ''));
  return false;
}

/** Returns the failing task's description, or undefined when the list runs through. */
function runTasks(tasks: unknown): string | undefined {
  if (!Array.isArray(tasks)) return undefined;
  for (const raw of tasks) {
    if (!raw || typeof raw !== 'object') continue;
    const task = raw as Task;
    if (Array.isArray(task.block)) {
      const failed = runTasks(task.block);
      const rescued = failed !== undefined && Array.isArray(task.rescue) ? runTasks(task.rescue) : failed;
      const always = runTasks(task.always);
      if (rescued !== undefined) return rescued;
      if (always !== undefined) return always;
      continue;
    }
    if (usesFail(task)) {
      const args = Object.entries(task).find(([k]) => FAIL_MODULES.has(k))?.[1] as { msg?: unknown } | undefined;
      return String(task.name ?? args?.msg ?? 'fail');
    }
  }
  return undefined;
}

export function runPlaybook(base64: string | undefined): PlaybookOutcome {
  if (!base64) return { ok: true, reason: 'no playbook: the image entrypoint ran' };
  let doc: unknown;
  try {
    doc = YAML.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch (e) {
    return { ok: false, reason: `playbook syntax error: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(doc)) return { ok: false, reason: 'playbook syntax error: a playbook must be a list of plays' };
  for (const play of doc) {
    if (!play || typeof play !== 'object') continue;
    const p = play as Record<string, unknown>;
    for (const section of ['pre_tasks', 'tasks', 'post_tasks']) {
      const failed = runTasks(p[section]);
      if (failed !== undefined) return { ok: false, reason: `task failed: ${failed}` };
    }
  }
  return { ok: true, reason: 'playbook completed' };
}
