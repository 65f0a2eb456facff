import fs from 'node:fs';
import type { ProviderEntry } from '../config/providers-file';

/**
 * The CA that signs the provider's certificate when the providers entry names one
 * (`ca_cert_file`: a PEM file, e.g. a vCenter's VMCA root, the RHV engine CA or the lab's CA). The
 * suite's own clients trust it, and the Provider secret carries it.
 */
export function providerCa(entry: ProviderEntry): string | undefined {
  const file = entry.ca_cert_file;
  if (file === undefined) return undefined;
  if (typeof file !== 'string' || !fs.existsSync(file))
    throw new Error(`providers entry ca_cert_file ${JSON.stringify(file)} is not a readable PEM file`);
  return fs.readFileSync(file, 'utf8');
}
