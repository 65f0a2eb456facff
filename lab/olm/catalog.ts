/**
 * The lab's operator catalog for the mtv-operator package, as the redhat-operators CatalogSource
 * serves it: one channel per MTV minor release, each listing its CSV versions in upgrade order
 * (the channel head is the last). OLM resolves a Subscription to the head of its channel.
 */
export const PACKAGE = 'mtv-operator';

export const CHANNELS: Readonly<Record<string, readonly string[]>> = {
  'release-v2.10': ['2.10.3', '2.10.4'],
  'release-v2.11': ['2.11.0', '2.11.2'],
};

export const csvName = (version: string): string => `${PACKAGE}.v${version}`;

/** The CSV OLM installs for a channel (its head), or undefined for a channel the catalog lacks. */
export function channelHead(channel: string): string | undefined {
  const versions = CHANNELS[channel];
  const head = versions?.[versions.length - 1];
  return head ? csvName(head) : undefined;
}

export function versionOf(csv: string): string {
  return csv.startsWith(`${PACKAGE}.v`) ? csv.slice(PACKAGE.length + 2) : csv;
}
