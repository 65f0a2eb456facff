/**
 * jira.cfg as pytest-jira reads it: an INI file whose [DEFAULT] section has `url` and `token` (a
 * personal access token, sent as a bearer token) and optionally `resolved_statuses`, the
 * comma-separated statuses that count as resolved (pytest-jira's default: closed, resolved).
 */
import fs from 'node:fs';
import { JiraConfigError } from '../../exceptions/ops';
import { registerSecret } from '../log/redact';

export interface JiraConfig {
  url: string;
  token: string;
  /** Lower-case status names. */
  resolvedStatuses: string[];
}

export const DEFAULT_JIRA_CONFIG = 'jira.cfg';
export const DEFAULT_RESOLVED_STATUSES = ['closed', 'resolved'];

/** The [DEFAULT] section's keys (INI: `key = value` or `key: value`, `#`/`;` comments). */
export function parseIniDefault(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1]!.trim();
      continue;
    }
    const m = /^([^=:]+)[=:](.*)$/.exec(line);
    if (m && section === 'DEFAULT') values[m[1]!.trim().toLowerCase()] = m[2]!.trim();
  }
  return values;
}

export function loadJiraConfig(file: string): JiraConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new JiraConfigError(
      `--jira needs ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'}): write [DEFAULT] url = <Jira URL> and token = <token> there, pass --jira-config <file>, or leave out --jira`,
    );
  }
  const values = parseIniDefault(text);
  if (values.token) registerSecret(values.token);
  if (!values.url || !/^https?:\/\/[^/\s]+/.test(values.url))
    throw new JiraConfigError(`${file}: [DEFAULT] url must be the Jira server's http(s) URL, e.g. url = https://issues.redhat.com`);
  if (!values.token)
    throw new JiraConfigError(`${file}: [DEFAULT] token is missing: set token = <Jira personal access token> (sent as a bearer token)`);
  const statuses = values.resolved_statuses
    ? values.resolved_statuses
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean)
    : DEFAULT_RESOLVED_STATUSES;
  return { url: values.url.replace(/\/+$/, ''), token: values.token, resolvedStatuses: statuses };
}
