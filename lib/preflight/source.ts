/**
 * The source half of the pre-flight (in the CLI process; no cluster request): the selected source
 * provider's endpoint answers, and its TLS certificate is trusted the way the suite's own client
 * will trust it — the CA named by the entry's ca_cert_file, else this machine's CAs — unless
 * source_provider_insecure_skip_verify is set. Otherwise one line names the providers-file key that
 * fixes it, before a fixture fails with "unable to verify the first certificate".
 */
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { errorMessage } from '../../exceptions/base';
import { SourceEndpointError } from '../../exceptions/preflight';
import type { ProviderEntry } from '../config/providers-file';
import type * as OvaShare from '../providers/ova/share';
import { lazyModule } from '../runtime/lazy-module';

// Only an OVA source has a share to check (the module reads OVF archives: not for other runs).
const ovaShare = lazyModule<typeof OvaShare>(require.resolve('../providers/ova/share'));

const TIMEOUT_MS = 10_000;
const TLS_CODES =
  /SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID|CERT_UNTRUSTED|CERT_SIGNATURE_FAILURE|CERT_REJECTED/;

export interface SourceProbe {
  key: string;
  entry: ProviderEntry;
  providersPath: string;
  insecure: boolean;
}

/** The URL the suite talks to for this entry; undefined for types without an endpoint of their own. */
export function sourceEndpoint(entry: ProviderEntry): string | undefined {
  switch (entry.type) {
    case 'vsphere':
      return entry.api_url || `https://${entry.fqdn}/sdk`;
    case 'ovirt':
    case 'openstack':
      return entry.api_url;
    case 'openshift': // the destination cluster itself, checked by the cluster pre-flight
    case 'ova': // an NFS share: Forklift mounts it; the suite reads it where it is mounted here (probeOvaShare)
      return undefined;
  }
}

function readCa(p: SourceProbe): string | undefined {
  const file = p.entry.ca_cert_file;
  if (p.insecure || file === undefined) return undefined;
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SourceEndpointError(
      `ca_cert_file ${file} of providers entry "${p.key}" in ${p.providersPath} cannot be read (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}): point it at the PEM file of the CA that signs ${p.entry.fqdn || 'the endpoint'}`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new SourceEndpointError(`ca_cert_file ${file} of providers entry "${p.key}" in ${p.providersPath} holds no PEM certificate`);
  return pem;
}

function explain(p: SourceProbe, url: URL, error: unknown): SourceEndpointError {
  const code = (error as { code?: unknown }).code;
  const text = `${typeof code === 'string' ? `${code}: ` : ''}${errorMessage(error)}`;
  const where = `the source provider "${p.key}" endpoint ${url.href}`;
  if (typeof code === 'string' && TLS_CODES.test(code)) {
    const fix = p.entry.ca_cert_file
      ? `the CA in its ca_cert_file ${p.entry.ca_cert_file} does not sign it; point ca_cert_file at the CA that does`
      : `add "ca_cert_file": "<PEM file of the CA that signs it>" to entry "${p.key}" in ${p.providersPath}`;
    return new SourceEndpointError(
      `${where} presents a certificate that is not trusted (${text}): ${fix}, or pass --tc source_provider_insecure_skip_verify:true`,
    );
  }
  return new SourceEndpointError(
    `${where} does not answer (${text}): check api_url / fqdn of entry "${p.key}" in ${p.providersPath} and the network`,
  );
}

/** OVA: the share is readable here (on 127.0.0.1, or at ova_mount_path), since the suite reads the OVF facts from it. */
function probeOvaShare(p: SourceProbe): void {
  try {
    ovaShare().shareDirectory(p.entry.api_url, p.entry.ova_mount_path);
  } catch (error) {
    throw new SourceEndpointError(`providers entry "${p.key}" in ${p.providersPath}: ${errorMessage(error)}`);
  }
}

/** One TLS handshake (a TCP connect for http://) with the endpoint, verified as the suite verifies it; OVA: the share is readable. */
export async function probeSourceEndpoint(p: SourceProbe): Promise<void> {
  if (p.entry.type === 'ova') return probeOvaShare(p);
  const endpoint = sourceEndpoint(p.entry);
  if (endpoint === undefined) return;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new SourceEndpointError(`api_url ${JSON.stringify(endpoint)} of providers entry "${p.key}" in ${p.providersPath} is not a URL`);
  }
  const ca = readCa(p);
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  await new Promise<void>((resolve, reject) => {
    const socket = secure
      ? tls.connect(
          { host, port, ...(net.isIP(host) ? {} : { servername: host }), rejectUnauthorized: !p.insecure, ...(ca ? { ca } : {}) },
          () => {
            socket.end();
            resolve();
          },
        )
      : net.connect({ host, port }, () => {
          socket.end();
          resolve();
        });
    socket.setTimeout(TIMEOUT_MS, () => {
      const error = Object.assign(new Error(`no answer within ${TIMEOUT_MS / 1000} s`), { code: 'ETIMEDOUT' });
      socket.destroy(error);
    });
    socket.on('error', reject);
  }).catch((error: unknown) => {
    throw explain(p, url, error);
  });
}
