/**
 * Live Jira gate lookups (--jira): each issue a selected scenario's gates name is fetched once per
 * run, by the CLI before Jest starts (`GET <url>/rest/api/2/issue/<KEY>?fields=status`, bearer
 * token), and the statuses travel to the workers in the run options file. A lookup that fails
 * stops the run: with --jira the gates depend on the answer, so guessing would run or skip the
 * wrong scenarios.
 */
import { JiraUnavailableError } from '../../exceptions/ops';
import type { JiraConfig } from './config';

/** Per issue key: its status name and whether that status counts as resolved. */
export type JiraStatuses = Record<string, { status: string; resolved: boolean }>;

const LOOKUP_TIMEOUT_MS = 30_000;

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return `no answer within ${LOOKUP_TIMEOUT_MS / 1000} s`;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function fetchStatus(config: JiraConfig, key: string): Promise<string> {
  const url = `${config.url}/rest/api/2/issue/${encodeURIComponent(key)}?fields=status`;
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { Authorization: `Bearer ${config.token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
    });
  } catch (error) {
    throw new JiraUnavailableError(
      `cannot reach Jira at ${config.url} for ${key} (${describeFailure(error)}); check url in the Jira config or leave out --jira`,
    );
  }
  if (res.status === 401 || res.status === 403)
    throw new JiraUnavailableError(
      `Jira at ${config.url} refused the token for ${key} (HTTP ${res.status}); check token in the Jira config`,
    );
  if (res.status === 404)
    throw new JiraUnavailableError(`Jira at ${config.url} has no issue ${key} (HTTP 404); fix the gates.jira entry that names it`);
  if (!res.ok) throw new JiraUnavailableError(`Jira at ${config.url} answered HTTP ${res.status} for ${key}; retry, or leave out --jira`);
  const body = (await res.json().catch(() => undefined)) as { fields?: { status?: { name?: unknown } } } | undefined;
  const status = body?.fields?.status?.name;
  if (typeof status !== 'string' || !status)
    throw new JiraUnavailableError(`Jira at ${config.url} returned ${key} without fields.status.name; is ${config.url} a Jira REST API?`);
  return status;
}

/** The status of every key (each fetched once, in parallel). */
export async function fetchJiraStatuses(config: JiraConfig, keys: Iterable<string>): Promise<JiraStatuses> {
  const unique = [...new Set(keys)].sort();
  const statuses = await Promise.all(unique.map((key) => fetchStatus(config, key)));
  const result: JiraStatuses = {};
  unique.forEach((key, i) => {
    const status = statuses[i]!;
    result[key] = { status, resolved: config.resolvedStatuses.includes(status.toLowerCase()) };
  });
  return result;
}
