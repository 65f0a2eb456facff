import { InputError } from './base';

/** jira.cfg missing, unreadable or without url/token (--jira). */
export class JiraConfigError extends InputError {}

/**
 * Jira could not answer for a gate's issue (unreachable, refused the token, no such issue). With
 * --jira the gates depend on it, so the run stops before anything is created.
 */
export class JiraUnavailableError extends InputError {}

/** `npm run job` / `npm run junit-merge` input problems (bad --shards, unreadable JUnit file). */
export class OpsUsageError extends InputError {}
