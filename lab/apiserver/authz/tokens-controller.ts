/**
 * kube-controller-manager's tokens controller, for the Secrets that still ask for a legacy token:
 * a Secret of type kubernetes.io/service-account-token annotated with its ServiceAccount's name
 * gets data.token (a never-expiring JWT), data["ca.crt"], data.namespace and the ServiceAccount's
 * uid annotation. A Secret naming no (or another, recreated) ServiceAccount is deleted, and so are
 * a ServiceAccount's token Secrets when it goes.
 */
import type { KubeObject, ResourceType } from '../contract';
import type { MemoryStore } from '../store';
import { BackgroundWork } from '../background-work';
import { SA_NAME_ANNOTATION, SA_TOKEN_SECRET_TYPE, SA_UID_ANNOTATION, type ServiceAccountTokens } from './service-account-tokens';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function startTokensController(store: MemoryStore, tokens: ServiceAccountTokens, caPem: string): () => void {
  const sa = store.resourceType('', 'serviceaccounts') as ResourceType;
  const secrets = store.resourceType('', 'secrets') as ResourceType;
  const work = new BackgroundWork();

  const tokenSecretsOf = (ns: string, name: string): KubeObject[] =>
    store
      .listRaw(secrets, ns, { fieldSelector: `type=${SA_TOKEN_SECRET_TYPE}` })
      .filter((s) => s.metadata.annotations?.[SA_NAME_ANNOTATION] === name);

  const sync = (ns: string, secretName: string): void => {
    const secret = store.getRaw(secrets, ns, secretName);
    if (!secret || secret.type !== SA_TOKEN_SECRET_TYPE || secret.metadata.deletionTimestamp) return;
    const saName = secret.metadata.annotations?.[SA_NAME_ANNOTATION] ?? '';
    const account = saName ? store.getRaw(sa, ns, saName) : undefined;
    const wantedUid = secret.metadata.annotations?.[SA_UID_ANNOTATION];
    if (!account || (wantedUid && wantedUid !== account.metadata.uid)) {
      store.delete(secrets, ns, secretName);
      return;
    }
    if ((secret.data as Record<string, string> | undefined)?.token) return;
    const token = tokens.issueLegacy(account, secretName);
    store.mutate(secrets, ns, secretName, (s) => {
      s.metadata.annotations = { ...s.metadata.annotations, [SA_UID_ANNOTATION]: account.metadata.uid ?? '' };
      s.data = { ...(s.data as Record<string, string> | undefined), token: b64(token), 'ca.crt': b64(caPem), namespace: b64(ns) };
    });
  };

  const unsubscribe = store.subscribeRaw((e) => {
    const { namespace = '', name = '' } = e.object.metadata;
    if (e.resource === secrets && e.type !== 'DELETED' && e.object.type === SA_TOKEN_SECRET_TYPE) work.later(() => sync(namespace, name));
    else if (e.resource === sa && e.type === 'ADDED')
      work.later(() => tokenSecretsOf(namespace, name).forEach((s) => sync(namespace, s.metadata.name ?? '')));
    else if (e.resource === sa && e.type === 'DELETED')
      work.later(() => tokenSecretsOf(namespace, name).forEach((s) => store.delete(secrets, namespace, s.metadata.name ?? '')));
  });
  return () => {
    unsubscribe();
    work.close();
  };
}
