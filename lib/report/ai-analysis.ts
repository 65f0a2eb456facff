/**
 * --analyze-with-ai, as the Python suite's enrich_junit_xml does it: after a run with failures the
 * JUnit XML is posted as `{raw_xml, ai_provider?, ai_model?}` to `$ROOTCOZ_SERVER_URL/analyze-failures`
 * and the file is replaced by the answer's `enriched_xml`. The analysis is an extra: any problem
 * (no service, timeout, HTTP error, an answer without enriched_xml) keeps the original file and
 * says so in one warning line; it never changes the run's outcome.
 */
import fs from 'node:fs';

export interface AiAnalysisSettings {
  serverUrl: string;
  timeoutS: number;
  provider?: string;
  model?: string;
}

export const DEFAULT_AI_TIMEOUT_S = 600;

/** The ROOTCOZ_* settings, or the warning that turns the analysis off (no ROOTCOZ_SERVER_URL). */
export function aiAnalysisSettings(env: NodeJS.ProcessEnv): { settings?: AiAnalysisSettings; warnings: string[] } {
  const url = env.ROOTCOZ_SERVER_URL?.trim();
  if (!url) return { warnings: ['--analyze-with-ai: ROOTCOZ_SERVER_URL is not set, so AI failure analysis is off for this run'] };
  const warnings: string[] = [];
  let timeoutS = DEFAULT_AI_TIMEOUT_S;
  const rawTimeout = env.ROOTCOZ_TIMEOUT?.trim();
  if (rawTimeout) {
    const n = Number(rawTimeout);
    if (Number.isFinite(n) && n > 0) timeoutS = n;
    else
      warnings.push(
        `--analyze-with-ai: ROOTCOZ_TIMEOUT="${rawTimeout}" is not a positive number of seconds; using ${DEFAULT_AI_TIMEOUT_S}`,
      );
  }
  const settings: AiAnalysisSettings = { serverUrl: url.replace(/\/+$/, ''), timeoutS };
  if (env.ROOTCOZ_AI_PROVIDER) settings.provider = env.ROOTCOZ_AI_PROVIDER;
  if (env.ROOTCOZ_AI_MODEL) settings.model = env.ROOTCOZ_AI_MODEL;
  return { settings, warnings };
}

async function analyze(settings: AiAnalysisSettings, rawXml: string): Promise<string> {
  const body = {
    raw_xml: rawXml,
    ...(settings.provider ? { ai_provider: settings.provider } : {}),
    ...(settings.model ? { ai_model: settings.model } : {}),
  };
  const res = await fetch(`${settings.serverUrl}/analyze-failures`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(settings.timeoutS * 1000),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  const answer = (await res.json().catch(() => undefined)) as { enriched_xml?: unknown } | undefined;
  if (typeof answer?.enriched_xml !== 'string' || !answer.enriched_xml.trim()) throw new Error('the answer has no enriched_xml');
  return answer.enriched_xml;
}

function reason(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return 'no answer within ROOTCOZ_TIMEOUT';
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as Error).message;
}

/**
 * Replaces `junitFile` with the enriched XML. Returns the line to print: what happened, or the
 * warning why the original was kept.
 */
export async function enrichJunit(junitFile: string, settings: AiAnalysisSettings): Promise<string> {
  let raw: string;
  try {
    raw = fs.readFileSync(junitFile, 'utf8');
  } catch {
    return `WARNING: --analyze-with-ai: no JUnit file at ${junitFile}; nothing was analysed`;
  }
  try {
    const enriched = await analyze(settings, raw);
    const tmp = `${junitFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, enriched);
    fs.renameSync(tmp, junitFile);
    return `mtv-tests: ${junitFile} replaced by the AI failure analysis of ${settings.serverUrl}`;
  } catch (error) {
    return `WARNING: --analyze-with-ai: ${settings.serverUrl}/analyze-failures failed (${reason(error)}); ${junitFile} is kept as the run wrote it`;
  }
}
