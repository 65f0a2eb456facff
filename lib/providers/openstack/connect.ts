/**
 * An OpenStack source from its providers-file entry (Keystone URL, login, project, domains,
 * region, and the CA file when the cloud's certificate is not publicly trusted), and the cleaner
 * that removes a session's clone: the server (its volumes go with it), then any volume or volume
 * snapshot the clone left under its name (the Python suite's VolumeSnapshot cleanup).
 */
import type { ProviderEntry } from '../../config/providers-file';
import type { SourceVmCleaner } from '../../resources/teardown';
import { SourceVmNotFoundError } from '../../../exceptions/source-providers';
import { providerCa } from '../ca';
import { OpenStackClient } from './client';
import { absentOn } from '../cleaner';

/** The names the Provider secret and the client use: project and user domain, region. */
export function openstackScope(entry: ProviderEntry): {
  projectName: string;
  domainName: string;
  projectDomainName: string;
  regionName: string;
} {
  const domainName = entry.user_domain_name ?? 'Default';
  const projectDomain = typeof entry['project_domain_name'] === 'string' ? entry['project_domain_name'] : domainName;
  return { projectName: entry.project_name ?? '', domainName, projectDomainName: projectDomain, regionName: entry.region_name ?? '' };
}

export async function connectOpenStack(entry: ProviderEntry, insecure: boolean, log?: (m: string) => void): Promise<OpenStackClient> {
  const scope = openstackScope(entry);
  const caPem = insecure ? undefined : providerCa(entry);
  return OpenStackClient.connect({
    authUrl: entry.api_url,
    username: entry.username,
    password: entry.password,
    projectName: scope.projectName,
    userDomainName: scope.domainName,
    projectDomainName: scope.projectDomainName,
    regionName: scope.regionName,
    insecure,
    ...(caPem ? { caPem } : {}),
    ...(log ? { log } : {}),
  });
}

/** Clone volumes and snapshots are named `<clone>-disk<n>` / `<clone>-snap<n>`. */
export const cloneVolumePrefix = (cloneName: string): string => `${cloneName}-`;

export function openstackCleaner(client: OpenStackClient, timeoutMs = 600_000): SourceVmCleaner {
  const idOf = absentOn(
    (name) => client.findServerByName(name),
    (error) => error instanceof SourceVmNotFoundError && error.found === 0,
  );
  const leftovers = async (name: string) => ({
    volumes: await client.namedLike('volumes', cloneVolumePrefix(name)),
    snapshots: await client.namedLike('snapshots', cloneVolumePrefix(name)),
  });
  return {
    async exists(e) {
      if ((await idOf(e.name)) !== undefined) return true;
      const left = await leftovers(e.name);
      return left.volumes.length + left.snapshots.length > 0;
    },
    async deleteVm(e) {
      const id = await idOf(e.name);
      const server = id ? await client.deleteServer(id, e.name, timeoutMs) : 'absent';
      // Volumes before snapshots: Cinder keeps a snapshot that a volume was created from.
      const left = await leftovers(e.name);
      for (const v of left.volumes) await client.deleteVolumeOrSnapshot('volumes', v.id, v.name);
      for (const s of left.snapshots) await client.deleteVolumeOrSnapshot('snapshots', s.id, s.name);
      return server === 'deleted' || left.volumes.length + left.snapshots.length > 0 ? 'deleted' : 'absent';
    },
  };
}
