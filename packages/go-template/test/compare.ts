/** Renders cases with the TypeScript renderer and compares with the oracle's outcomes. */
import {
  NETWORK_NAME_TEMPLATE_DATA,
  PVC_NAME_TEMPLATE_DATA,
  TemplateError,
  VOLUME_NAME_TEMPLATE_DATA,
  fromJson,
  goStruct,
  renderTemplate,
  type GoDialect,
  type GoValue,
} from '..';
import type { Outcome, TemplateCase } from './oracle';

export function caseData(c: TemplateCase): GoValue {
  switch (c.dataType ?? 'PVCNameTemplateData') {
    case 'PVCNameTemplateData':
      return goStruct(PVC_NAME_TEMPLATE_DATA, c.data ?? {});
    case 'VolumeNameTemplateData':
      return goStruct(VOLUME_NAME_TEMPLATE_DATA, c.data ?? {});
    case 'NetworkNameTemplateData':
      return goStruct(NETWORK_NAME_TEMPLATE_DATA, c.data ?? {});
    case 'map':
      return fromJson(c.data ?? {});
  }
}

export function renderTs(c: TemplateCase, dialect: GoDialect = 'go1.19'): Outcome {
  try {
    return { output: renderTemplate(c.template, caseData(c), { dialect }) };
  } catch (e) {
    if (e instanceof TemplateError) return { error: e.message, kind: e.kind };
    return { error: `NOT A TemplateError: ${(e as Error).stack ?? String(e)}`, kind: 'exec' };
  }
}

export interface Mismatch {
  readonly case: TemplateCase;
  readonly go: Outcome;
  readonly ts: Outcome;
}

/** Same output, or both errors of the same kind (and, when asked, the same message). */
export function agrees(go: Outcome, ts: Outcome, exactMessages = false): boolean {
  if ('output' in go) return 'output' in ts && ts.output === go.output;
  if (!('kind' in ts) || ts.kind !== go.kind || ts.error.startsWith('NOT A TemplateError')) return false;
  return !exactMessages || ts.error === go.error;
}

export function compareAll(
  cases: readonly TemplateCase[],
  goOutcomes: readonly Outcome[],
  exactMessages = false,
  dialect: GoDialect = 'go1.19',
): Mismatch[] {
  const out: Mismatch[] = [];
  cases.forEach((c, i) => {
    const go = goOutcomes[i] as Outcome;
    const ts = renderTs(c, dialect);
    if (!agrees(go, ts, exactMessages)) out.push({ case: c, go, ts });
  });
  return out;
}
