import { VirtctlUnavailableError } from '../../exceptions/post-migration';

/** A ConsoleCLIDownload spec.links entry. HCO writes text like "Download virtctl for Linux for x86_64". */
export interface CliDownloadLink {
  readonly href: string;
  readonly text: string;
}

export const VIRTCTL_CLI_DOWNLOAD = 'virtctl-clidownloads-kubevirt-hyperconverged';

/**
 * The link for this machine, matched on the link text like the Python suite: the OS word (linux,
 * mac) and the architecture (x86_64; "arm 64", arm64 or aarch64), case-insensitive.
 */
export function selectVirtctlLink(
  links: readonly CliDownloadLink[],
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
): CliDownloadLink {
  const osPattern = platform === 'linux' ? /linux/i : platform === 'darwin' ? /mac/i : undefined;
  const archPattern = arch === 'x64' ? /x86_64/i : arch === 'arm64' ? /arm 64|arm64|aarch64/i : undefined;
  if (osPattern === undefined || archPattern === undefined) {
    throw new VirtctlUnavailableError(
      `no virtctl download for ${platform}/${arch}: the suite downloads Linux and Mac builds for x86_64 and arm64 only`,
    );
  }
  const link = links.find((candidate) => osPattern.test(candidate.text) && archPattern.test(candidate.text));
  if (link === undefined) {
    throw new VirtctlUnavailableError(
      `ConsoleCLIDownload ${VIRTCTL_CLI_DOWNLOAD} has no link for ${platform}/${arch}; links: ${links.map((l) => JSON.stringify(l.text)).join(', ') || '(none)'}`,
    );
  }
  return link;
}
