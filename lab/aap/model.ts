/**
 * The lab AAP's data (AWX's shapes, /api/v2/): one organization, one inventory, one project, the
 * job templates the hook scenarios use, OAuth2 tokens and jobs. A job's status is derived from lab
 * time since its launch (pending → running → successful or failed), so nothing needs a timer: it
 * is computed when a client asks. A template's playbook decides the end: the failing example
 * playbook fails, the others succeed; the fault `aap-job-fails` fails every job.
 */
import { randomBytes } from 'node:crypto';

export interface JobTemplate {
  id: number;
  name: string;
  description: string;
  playbook: string;
  ask_variables_on_launch: boolean;
  /** How the job ends when nothing forces a failure. */
  outcome: 'successful' | 'failed';
}

export interface Job {
  id: number;
  template: JobTemplate;
  extraVars: Record<string, unknown>;
  ignoredFields: Record<string, unknown>;
  launchedAt: number;
  /** Decided at launch: a fault turned on later does not change a running job. */
  outcome: 'successful' | 'failed';
}

export interface Token {
  id: number;
  token: string;
  description: string;
  scope: string;
  created: string;
}

export const ORGANIZATION = { id: 1, name: 'Default' };
export const INVENTORY = { id: 1, name: 'Default', organization: 1 };
export const PROJECT = { id: 6, name: 'mtv-aap-test-playbooks', organization: 1, status: 'successful', scm_type: 'git' };
export const ADMIN = { id: 1, username: 'admin', is_superuser: true };

export const SEEDED_TEMPLATES: ReadonlyArray<Omit<JobTemplate, 'id'>> = [
  {
    name: 'mtv-pre-hook',
    description: 'MTV pre-migration hook example',
    playbook: 'pre_hook_integration_example.yml',
    ask_variables_on_launch: true,
    outcome: 'successful',
  },
  {
    name: 'mtv-post-hook',
    description: 'MTV post-migration hook example',
    playbook: 'post_hook_integration_example.yml',
    ask_variables_on_launch: true,
    outcome: 'successful',
  },
  {
    name: 'mtv-failing-hook',
    description: 'A hook playbook that fails on purpose',
    playbook: 'failing_hook_example.yml',
    ask_variables_on_launch: true,
    outcome: 'failed',
  },
];

/** Lab minutes a job spends pending, then running. */
const PENDING_MINUTES = 0.2;
const RUN_MINUTES = 1;

export type JobStatus = 'pending' | 'running' | 'successful' | 'failed';

export class AapModel {
  readonly templates: JobTemplate[];
  readonly jobs = new Map<number, Job>();
  readonly tokens = new Map<string, Token>();
  private nextJob = 20;
  private nextToken = 2;

  constructor(
    readonly adminPassword: string,
    private readonly msPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.templates = SEEDED_TEMPLATES.map((t, i) => ({ ...t, id: 7 + i }));
  }

  /** A new OAuth2 token (POST /api/v2/tokens/), or the lab's published token when `value` is given. */
  addToken(description: string, scope: string, value = randomBytes(20).toString('base64url')): Token {
    const token: Token = { id: this.nextToken++, token: value, description, scope, created: new Date(this.now()).toISOString() };
    this.tokens.set(token.token, token);
    return token;
  }

  template(id: number): JobTemplate | undefined {
    return this.templates.find((t) => t.id === id);
  }

  launch(template: JobTemplate, extraVars: Record<string, unknown>, forceFail: boolean): Job {
    const ignored = template.ask_variables_on_launch || !Object.keys(extraVars).length ? {} : { extra_vars: extraVars };
    const job: Job = {
      id: this.nextJob++,
      template,
      extraVars: template.ask_variables_on_launch ? extraVars : {},
      ignoredFields: ignored,
      launchedAt: this.now(),
      outcome: forceFail ? 'failed' : template.outcome,
    };
    this.jobs.set(job.id, job);
    return job;
  }

  status(job: Job): JobStatus {
    const minutes = (this.now() - job.launchedAt) / this.msPerMinute;
    if (minutes < PENDING_MINUTES) return 'pending';
    if (minutes < PENDING_MINUTES + RUN_MINUTES) return 'running';
    return job.outcome;
  }

  /** GET /api/v2/jobs/{id}/ (the fields clients read; AWX sends many more). */
  jobView(job: Job): Record<string, unknown> {
    const status = this.status(job);
    const at = (m: number) => new Date(job.launchedAt + m * this.msPerMinute).toISOString();
    const done = status === 'successful' || status === 'failed';
    return {
      id: job.id,
      type: 'job',
      url: `/api/v2/jobs/${job.id}/`,
      name: job.template.name,
      description: job.template.description,
      job_type: 'run',
      launch_type: 'manual',
      status,
      failed: status === 'failed',
      started: status === 'pending' ? null : at(PENDING_MINUTES),
      finished: done ? at(PENDING_MINUTES + RUN_MINUTES) : null,
      elapsed: done ? (RUN_MINUTES * this.msPerMinute) / 1000 : 0,
      job_template: job.template.id,
      inventory: INVENTORY.id,
      project: PROJECT.id,
      playbook: job.template.playbook,
      extra_vars: JSON.stringify(job.extraVars),
      job_explanation: status === 'failed' ? 'Job failed: a task of the playbook failed' : '',
    };
  }

  templateView(t: JobTemplate): Record<string, unknown> {
    return {
      id: t.id,
      type: 'job_template',
      url: `/api/v2/job_templates/${t.id}/`,
      related: { launch: `/api/v2/job_templates/${t.id}/launch/` },
      name: t.name,
      description: t.description,
      job_type: 'run',
      inventory: INVENTORY.id,
      project: PROJECT.id,
      organization: ORGANIZATION.id,
      playbook: t.playbook,
      ask_variables_on_launch: t.ask_variables_on_launch,
      status: 'never updated',
    };
  }
}
