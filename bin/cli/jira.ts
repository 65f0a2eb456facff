/**
 * --jira in the CLI: reads the Jira config and looks up every issue the selected scenarios' gates
 * name, once, before anything else happens; the statuses go to --list and to the workers through
 * the run options file. Lines go to stderr so that `--list --json` keeps stdout for JSON.
 */
import { fetchJiraStatuses, type JiraStatuses } from '../../lib/jira/client';
import { loadJiraConfig } from '../../lib/jira/config';
import { gatedJiraIssues } from '../../lib/runner/gates';
import type { LoadedScenario } from '../../lib/runner/scenario';
import type { OpsOptions } from './ops-options';

export async function jiraStatusesFor(ops: OpsOptions, scenarios: readonly LoadedScenario[]): Promise<JiraStatuses | undefined> {
  if (!ops.jira) return undefined;
  const config = loadJiraConfig(ops.jiraConfig);
  const statuses = await fetchJiraStatuses(config, gatedJiraIssues(scenarios));
  const entries = Object.entries(statuses);
  if (entries.length === 0) process.stderr.write(`jira: no selected scenario has a Jira gate (${config.url})\n`);
  for (const [key, s] of entries)
    process.stderr.write(`jira: ${key} is ${s.status} (${s.resolved ? 'resolved: gate lifted' : 'unresolved: gate blocks'})\n`);
  return statuses;
}
