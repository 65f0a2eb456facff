/**
 * The run's operations flags (Jira gating, AI failure analysis), kept apart from the core flags
 * in options.ts: they change what happens around the run, not what runs.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CliUsageError } from '../../exceptions/cli';
import { DEFAULT_JIRA_CONFIG } from '../../lib/jira/config';

export interface OpsOptions {
  /** Look up the gates' Jira issues live (pytest-jira's --jira). */
  jira: boolean;
  /** Absolute path of the INI file naming the Jira server (jira.cfg). */
  jiraConfig: string;
  /** After a run with failures, enrich the JUnit file through the analysis service (ROOTCOZ_*). */
  analyzeWithAi: boolean;
}

export function addOpsOptions(cmd: Command): Command {
  return cmd
    .option('--jira', "look up the Jira issues of the scenarios' gates: an unresolved issue skips, a resolved one runs", false)
    .option('--jira-config <file>', `with --jira: INI file with [DEFAULT] url, token, resolved_statuses (default ./${DEFAULT_JIRA_CONFIG})`)
    .option('--analyze-with-ai', 'after a run with failures, replace the JUnit file with the analysis of $ROOTCOZ_SERVER_URL', false);
}

export function readOpsOptions(o: { jira?: boolean; jiraConfig?: string; analyzeWithAi?: boolean }): OpsOptions {
  if (o.jiraConfig !== undefined && !o.jira)
    throw new CliUsageError('--jira-config only matters with --jira; pass --jira --jira-config <file>');
  return {
    jira: o.jira === true,
    jiraConfig: path.resolve(o.jiraConfig ?? DEFAULT_JIRA_CONFIG),
    analyzeWithAi: o.analyzeWithAi === true,
  };
}
