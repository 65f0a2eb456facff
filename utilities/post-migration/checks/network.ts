import type { V1beta1NetworkMap } from '@kubev2v/types';
import { normalizeMac } from '../../guest-parsers';
import type { DestinationNetwork, DestinationVmFacts, SourceNic, SourceVmFacts } from '../facts';
import { failure, type CheckFailure } from './failure';

type Expected = { type: 'pod' } | { type: 'multus'; name: string; namespace: string | undefined } | { type: 'ignored' };

/**
 * The NetworkMap destination for a source NIC's network: an entry whose source id equals the
 * network id, or whose source name (an inventory path keeps only its last segment) equals the
 * network name.
 */
export function expectedNetworkFor(nic: SourceNic, networkMap: V1beta1NetworkMap): Expected | undefined {
  for (const entry of networkMap.spec?.map ?? []) {
    const source = entry.source;
    const byId = source.id !== undefined && nic.network.id !== undefined && source.id === nic.network.id;
    const byName = source.name !== undefined && (source.name === nic.network.name || source.name.split('/').pop() === nic.network.name);
    if (!byId && !byName) continue;
    const destination = entry.destination;
    if (destination.type === 'multus') return { type: 'multus', name: destination.name ?? '', namespace: destination.namespace };
    return { type: destination.type };
  }
  return undefined;
}

const describe = (network: DestinationNetwork | Expected | undefined): string =>
  network === undefined
    ? 'no network'
    : network.type === 'multus'
      ? `multus NAD ${network.namespace ?? '(VM namespace)'}/${network.name}`
      : network.type;

/** The same network: both pod, or the same multus NAD (any namespace when the map names none). */
function networkMatches(actual: DestinationNetwork, expected: Expected): boolean {
  if (actual.type !== expected.type) return false;
  if (expected.type === 'pod') return true;
  return (
    actual.type === 'multus' &&
    actual.name === expected.name &&
    (expected.namespace === undefined || expected.namespace === actual.namespace)
  );
}

/** Every source NIC lands, by MAC, on the network the NetworkMap names for its source network. */
export function checkNetwork(source: SourceVmFacts, destination: DestinationVmFacts, networkMap: V1beta1NetworkMap): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const nic of source.nics) {
    const subject = `NIC ${nic.label} (MAC ${normalizeMac(nic.mac)}, source network ${nic.network.name})`;
    const expected = expectedNetworkFor(nic, networkMap);
    if (expected === undefined) {
      failures.push(
        failure(
          'network',
          subject,
          `an entry in NetworkMap ${networkMap.metadata?.name ?? ''} for network ${nic.network.name}`,
          'no entry maps it',
        ),
      );
      continue;
    }
    const destinationNic = destination.nics.find((candidate) => candidate.mac !== undefined && candidate.mac === normalizeMac(nic.mac));
    if (expected.type === 'ignored') {
      if (destinationNic !== undefined)
        failures.push(
          failure(
            'network',
            subject,
            'no NIC (the map ignores this network)',
            `NIC ${destinationNic.name} on ${describe(destinationNic.network)}`,
          ),
        );
      continue;
    }
    if (destinationNic === undefined) {
      failures.push(
        failure(
          'network',
          subject,
          `a NIC with this MAC on ${describe(expected)}`,
          `no NIC with this MAC; destination MACs: ${destination.nics.map((n) => n.mac ?? '(none)').join(', ') || '(no NICs)'}`,
        ),
      );
      continue;
    }
    const actual = destinationNic.network;
    const matches = actual !== undefined && networkMatches(actual, expected);
    if (!matches) failures.push(failure('network', subject, describe(expected), `${describe(actual)} (interface ${destinationNic.name})`));
  }
  return failures;
}

/** With preserveStaticIPs, a guest NIC name the source reported is kept on the same-MAC NIC. */
export function checkNicNamePreservation(source: SourceVmFacts, destination: DestinationVmFacts): CheckFailure[] {
  return source.nics.flatMap((nic) => {
    if (nic.guestNicName === undefined) return [];
    const destinationNic = destination.nics.find((candidate) => candidate.mac === normalizeMac(nic.mac));
    const actual =
      destinationNic === undefined
        ? `no NIC with MAC ${normalizeMac(nic.mac)}`
        : (destinationNic.guestInterfaceName ?? '(guest agent reports no interface name)');
    return actual === nic.guestNicName
      ? []
      : [failure('nic-name', `guest interface name of NIC ${nic.label} (MAC ${normalizeMac(nic.mac)})`, nic.guestNicName, actual)];
  });
}
