import type https from 'node:https';
import type { K8sClient } from '../../lib/k8s/client';
import { VirtctlUnavailableError } from '../../exceptions/post-migration';
import type { DownloadTls } from './download';
import { VIRTCTL_CLI_DOWNLOAD, type CliDownloadLink } from './links';

interface ConsoleCliDownload {
  spec?: { links?: Array<{ href?: string; text?: string }> };
}

/** spec.links of the virtctl ConsoleCLIDownload (console.openshift.io/v1, cluster-scoped). */
export async function fetchVirtctlLinks(client: K8sClient): Promise<CliDownloadLink[]> {
  const ccd = await client.rest
    .request<ConsoleCliDownload>({
      verb: 'get',
      method: 'GET',
      path: `/apis/console.openshift.io/v1/consoleclidownloads/${VIRTCTL_CLI_DOWNLOAD}`,
    })
    .catch((error: unknown) => {
      throw new VirtctlUnavailableError(
        `cannot read ConsoleCLIDownload ${VIRTCTL_CLI_DOWNLOAD} (is OpenShift Virtualization installed?)`,
        error,
      );
    });
  return (ccd.spec?.links ?? []).flatMap((link) =>
    link.href !== undefined && link.text !== undefined ? [{ href: link.href, text: link.text }] : [],
  );
}

/**
 * TLS for the download: the kubeconfig's API CA plus the OpenShift ingress CA (the download is
 * served through a Route, signed by the ingress operator's CA unless a custom certificate is
 * installed; openshift-config-managed/default-ingress-cert is readable by any authenticated user).
 * Verification is skipped only when the cluster access itself is insecure.
 */
export async function downloadTlsFor(client: K8sClient): Promise<DownloadTls> {
  const options: https.RequestOptions = {};
  await client.kubeConfig.applyToHTTPSOptions(options);
  const apiCa =
    options.ca === undefined ? [] : Array.isArray(options.ca) ? (options.ca as Array<string | Buffer>) : [options.ca as string | Buffer];
  const ingress = await client.rest
    .request<{ data?: Record<string, string> }>({
      verb: 'get',
      method: 'GET',
      path: '/api/v1/namespaces/openshift-config-managed/configmaps/default-ingress-cert',
    })
    .then((configMap) => configMap.data?.['ca-bundle.crt'])
    .catch(() => undefined);
  const ca = [...apiCa, ...(ingress === undefined ? [] : [ingress])];
  return { ...(ca.length === 0 ? {} : { ca }), insecureSkipTlsVerify: client.insecureSkipTlsVerify };
}
