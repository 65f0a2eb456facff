import type * as GoTemplate from '../../../packages/go-template';
import type { PvcNameTemplateFields } from '../../../packages/go-template';
import { lazyModule } from '../../../lib/runtime/lazy-module';
import { pvcNameExpectationFor, pvcNameMatches } from '../../naming';
import type { DestinationVmFacts, SourceVmFacts } from '../facts';
import { failure, type CheckFailure } from './failure';
import { baseVolume, diskFileBaseName, orderedSourceDisks } from './storage';

/** Loaded when a PVC name template is rendered (lib/runtime/lazy-module.ts): most scenarios set none. */
const goTemplate = lazyModule<typeof GoTemplate>(require.resolve('../../../packages/go-template'));

/** Renders a Forklift PVC name template (Go text/template + Forklift's sprig subset). */
export type PvcTemplateRenderer = (template: string, data: PvcNameTemplateFields) => string;

/** packages/go-template with Forklift's PVCNameTemplateData struct (unknown fields are Go errors). */
export const forkliftPvcTemplateRenderer: PvcTemplateRenderer = (template, data) =>
  goTemplate().renderTemplate(template, goTemplate().pvcNameTemplateData(data));

export interface PvcNameContext {
  readonly template: string;
  /** Plan pvcNameTemplateUseGenerateName; Forklift's default for non-OpenShift sources is true. */
  readonly useGenerateName: boolean;
  readonly planName: string;
  /** Warm plans name disks by their base file (snapshot delta suffix dropped). */
  readonly warm?: boolean;
  readonly render: PvcTemplateRenderer;
}

/** The template data Forklift gives a vSphere disk (pkg/controller/plan PVCNameTemplateData). */
export function pvcTemplateData(
  source: SourceVmFacts,
  destination: DestinationVmFacts,
  planName: string,
  diskIndex: number,
  fileName: string,
): PvcNameTemplateFields {
  return {
    VmName: source.name,
    TargetVmName: destination.name,
    PlanName: planName,
    VmId: source.id,
    DiskIndex: diskIndex,
    RootDiskIndex: 0,
    FileName: fileName,
    Shared: false,
  };
}

/**
 * pvcNameTemplate: for each vSphere disk, in (controller key, unit number) order, render the
 * template with DiskIndex = position and FileName = the backing file's base name (for warm plans
 * without the snapshot delta suffix, as Forklift's baseVolume), then find a
 * not-yet-matched PVC of the VM whose name starts with the result (generateName) or equals it;
 * the matched PVC must sit at the same volume index.
 */
export function checkPvcNames(source: SourceVmFacts, destination: DestinationVmFacts, context: PvcNameContext): CheckFailure[] {
  if (source.providerType !== 'vsphere' && /\.(FileName|DiskIndex)\b/.test(context.template)) return [];
  const failures: CheckFailure[] = [];
  const unmatched = [...destination.disks];
  orderedSourceDisks(source).forEach((disk, diskIndex) => {
    const subject = `PVC name of disk ${diskIndex} (${disk.fileName}) from template ${context.template}`;
    let rendered: string;
    try {
      rendered = context.render(
        context.template,
        pvcTemplateData(
          source,
          destination,
          context.planName,
          diskIndex,
          diskFileBaseName(baseVolume(disk.fileName, context.warm === true)),
        ),
      );
    } catch (error) {
      failures.push(failure('pvc-names', subject, 'the template renders', `render error: ${(error as Error).message}`));
      return;
    }
    // Shared with utilities/naming: stripped, cut to 58 (generateName) / 63 in code points as Python does.
    const wanted = pvcNameExpectationFor(rendered, context.useGenerateName);
    const expected = wanted.expected;
    const expectation = context.useGenerateName ? `a PVC named ${expected}<random suffix>` : `a PVC named ${expected}`;
    if (expected === '') {
      failures.push(failure('pvc-names', subject, 'a non-empty name', 'the template renders an empty string'));
      return;
    }
    const matches = unmatched.filter((candidate) => pvcNameMatches(wanted, candidate.pvcName));
    const match = matches.find((candidate) => candidate.index === diskIndex) ?? matches[0];
    if (match === undefined) {
      failures.push(
        failure('pvc-names', subject, expectation, `PVCs of the VM: ${destination.disks.map((d) => d.pvcName).join(', ') || '(none)'}`),
      );
      return;
    }
    unmatched.splice(unmatched.indexOf(match), 1);
    if (match.index !== diskIndex)
      failures.push(
        failure(
          'pvc-names',
          `${subject}: volume position`,
          `volume index ${diskIndex}`,
          `PVC ${match.pvcName} is volume index ${match.index}`,
        ),
      );
  });
  return failures;
}
