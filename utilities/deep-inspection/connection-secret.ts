/**
 * The connection Secret of a standalone deep inspection (Python create_di_connection_secret): the
 * source Provider's Secret data plus the provider URL and the vCenter certificate fingerprint
 * Forklift recorded in the Provider's status, as Forklift builds it for the Conversions of a Plan.
 * Values stay base64 in `data`; nothing of them is logged.
 */
import { DeepInspectionPrerequisiteError } from '../../exceptions/cluster-side';
import type { K8sClient } from '../../lib/k8s/client';
import { createAndTrack, type ResourceContext } from '../../lib/resources/create';
import type { ObjectRef } from '../mtv-migration/context';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The Secret data for the Conversion, or an error naming what the Provider lacks. */
export async function connectionSecretData(client: K8sClient, provider: ObjectRef): Promise<Record<string, string>> {
  const where = `Provider '${provider.namespace}/${provider.name}'`;
  const cr = await client.tryGet('Provider', provider.name, provider.namespace);
  if (!cr) throw new DeepInspectionPrerequisiteError(`${where} not found on the cluster`);
  const ref = cr.spec?.secret;
  if (!ref?.name) throw new DeepInspectionPrerequisiteError(`${where} has no secret reference in spec`);
  const secret = await client.tryGet('Secret', ref.name, ref.namespace ?? provider.namespace);
  if (!secret)
    throw new DeepInspectionPrerequisiteError(`Provider secret '${ref.name}' in namespace '${ref.namespace}' not found on the cluster`);
  const data: Record<string, string> = { ...(secret.data ?? {}) };
  for (const [k, v] of Object.entries(secret.stringData ?? {})) data[k] = b64(v);
  if (!Object.keys(data).length) throw new DeepInspectionPrerequisiteError(`Provider secret '${ref.name}' has no data`);
  if (!cr.spec?.url) throw new DeepInspectionPrerequisiteError(`${where} has no URL in spec`);
  const fingerprint = (cr.status as { fingerprint?: string } | undefined)?.fingerprint;
  if (!fingerprint) throw new DeepInspectionPrerequisiteError(`${where} has no fingerprint in status (not reconciled yet?)`);
  return { ...data, url: b64(cr.spec.url), fingerprint: b64(fingerprint) };
}

/** create_di_connection_secret: the Secret, created and tracked in the target namespace. */
export async function createDiConnectionSecret(res: ResourceContext, provider: ObjectRef, namespace: string): Promise<ObjectRef> {
  const data = await connectionSecretData(res.client, provider);
  const secret = await createAndTrack(res, 'Secret', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { namespace },
    type: 'Opaque',
    data,
  });
  return { name: secret.metadata!.name!, namespace };
}
