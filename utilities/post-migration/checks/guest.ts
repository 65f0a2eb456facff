import { setTimeout as delay } from 'node:timers/promises';
import type { V1VirtualMachineInstance } from '@kubev2v/types';
import { normalizeMac, parseIpconfigAll, parseNmcliDeviceShow, toPrefixLength, type GuestInterface } from '../../guest-parsers';
import type { DestinationVmFacts, SourceNic, SourceVmFacts } from '../facts';
import type { GuestShell, GuestShellProvider } from '../guest-shell';
import { failure, type CheckFailure } from './failure';

/**
 * Resolves with the VMI once it has condition `type` = "True"; rejects when `timeoutMs` passes
 * first (the rejection message should name the last observed conditions). lib/k8s's watch-based
 * waitForCondition satisfies it (see cluster-access.ts).
 */
export type WaitForVmiCondition = (
  vmi: { readonly namespace: string; readonly name: string },
  type: string,
  timeoutMs: number,
) => Promise<V1VirtualMachineInstance>;

/** The Python suite's default guest_agent_timeout (seconds). */
export const DEFAULT_GUEST_AGENT_TIMEOUT_S = 301;

/** guestAgent: the VMI reports AgentConnected=True within guest_agent_timeout. */
export async function checkGuestAgent(
  destination: DestinationVmFacts,
  waitForVmiCondition: WaitForVmiCondition,
  timeoutMs: number,
): Promise<CheckFailure[]> {
  if (destination.guestAgentConnected) return [];
  try {
    await waitForVmiCondition({ namespace: destination.namespace, name: destination.name }, 'AgentConnected', timeoutMs);
    return [];
  } catch (error) {
    return [
      failure('guest-agent', 'VMI condition AgentConnected', `True within ${Math.round(timeoutMs / 1000)} s`, (error as Error).message),
    ];
  }
}

/** SSH: a session opens through virtctl port-forward with the guest credentials and runs a probe. */
export async function checkSshConnectivity(
  shells: GuestShellProvider,
  target: { vmName: string; namespace: string; windows: boolean },
): Promise<{ failures: CheckFailure[]; shell?: GuestShell }> {
  try {
    const shell = await shells.connect(target);
    const probe = await shell.run('echo mtv-ssh-probe');
    if (probe.exitCode !== 0 || !probe.stdout.includes('mtv-ssh-probe')) {
      return {
        failures: [
          failure(
            'ssh',
            'SSH probe "echo mtv-ssh-probe"',
            'exit 0 printing mtv-ssh-probe',
            `exit ${String(probe.exitCode)}, stdout ${JSON.stringify(probe.stdout.trim())}`,
          ),
        ],
      };
    }
    return { failures: [], shell };
  } catch (error) {
    return {
      failures: [
        failure(
          'ssh',
          `SSH to ${target.windows ? 'Windows' : 'Linux'} guest through virtctl port-forward`,
          'a session that answers a probe',
          (error as Error).message,
        ),
      ],
    };
  }
}

/** Interface that carries a source NIC in the guest: by MAC, else exact name, else unique substring. */
export function findGuestInterface(nic: SourceNic, interfaces: readonly GuestInterface[]): GuestInterface | undefined {
  const mac = normalizeMac(nic.mac);
  const byMac = interfaces.find((candidate) => candidate.mac === mac);
  if (byMac !== undefined || nic.guestNicName === undefined) return byMac;
  const name = nic.guestNicName.toLowerCase();
  const exact = interfaces.find((candidate) => candidate.name.toLowerCase() === name);
  if (exact !== undefined) return exact;
  const partial = interfaces.filter(
    (candidate) => candidate.name.toLowerCase().includes(name) || name.includes(candidate.name.toLowerCase()),
  );
  return partial.length === 1 ? partial[0] : undefined;
}

export interface StaticIpTiming {
  /** Total time to wait for every static address to appear (Python: 660 s). */
  readonly timeoutMs: number;
  /** Pause between guest reads (Python: 30 s). */
  readonly intervalMs: number;
}
export const DEFAULT_STATIC_IP_TIMING: StaticIpTiming = { timeoutMs: 660_000, intervalMs: 30_000 };

async function readGuestInterfaces(shell: GuestShell, windows: boolean): Promise<GuestInterface[]> {
  const command = windows ? 'ipconfig /all' : 'nmcli device show';
  const result = await shell.run(command);
  if (result.exitCode !== 0) throw new Error(`"${command}" exited ${String(result.exitCode)}: ${result.stderr.trim()}`);
  const all = windows ? parseIpconfigAll(result.stdout) : parseNmcliDeviceShow(result.stdout);
  return all.filter((candidate) => !candidate.inactive);
}

const describeInterfaces = (interfaces: readonly GuestInterface[]): string =>
  interfaces
    .map(
      (i) =>
        `${i.name} (${i.mac ?? 'no MAC'}): ${i.ipv4.map((a) => `${a.address}/${a.prefixLength}`).join(', ') || 'no IPv4'}${i.gateway ? ` gw ${i.gateway}` : ''}`,
    )
    .join('\n') || '(no active interfaces)';

/**
 * preserveStaticIPs: every source address whose vSphere origin is "manual" is configured in the
 * guest on the interface of the same NIC, with the same netmask and (when the source had one) the
 * same gateway. The guest applies its network configuration some time after boot and there is no
 * event for that, so the guest is re-read at a fixed interval until all addresses are present or
 * the timeout passes.
 */
export async function checkStaticIpPreservation(
  source: SourceVmFacts,
  shell: GuestShell | (() => Promise<GuestShell>),
  timing: StaticIpTiming = DEFAULT_STATIC_IP_TIMING,
): Promise<CheckFailure[]> {
  // A getter lets each read reconnect: Windows guests may reboot once after first boot.
  const session = typeof shell === 'function' ? shell : async () => shell;
  const expected = source.nics.flatMap((nic) => nic.ips.filter((ip) => ip.isStatic).map((ip) => ({ nic, ip })));
  if (expected.length === 0)
    return [
      failure(
        'static-ip',
        'static IPs to verify',
        'at least one source IP with origin manual',
        'the source VM reported none (was it powered on with VMware Tools before migration?)',
      ),
    ];
  const read = await readUntilAllPresent(expected, async () => readGuestInterfaces(await session(), source.isWindows), timing);
  return expected.flatMap((entry) => staticIpFailures(entry, read, timing));
}

type ExpectedStaticIp = { nic: SourceVmFacts['nics'][number]; ip: SourceVmFacts['nics'][number]['ips'][number] };
type GuestRead = { interfaces: GuestInterface[]; lastError: string };

/** Re-reads the guest every intervalMs until every expected address is on its NIC, or the timeout passes. */
async function readUntilAllPresent(
  expected: ExpectedStaticIp[],
  readGuest: () => Promise<GuestInterface[]>,
  timing: StaticIpTiming,
): Promise<GuestRead> {
  const deadline = Date.now() + timing.timeoutMs;
  const read: GuestRead = { interfaces: [], lastError: '' };
  for (;;) {
    try {
      read.interfaces = await readGuest();
      read.lastError = '';
      const allPresent = expected.every(
        ({ nic, ip }) => findGuestInterface(nic, read.interfaces)?.ipv4.some((a) => a.address === ip.address) === true,
      );
      if (allPresent) return read;
    } catch (error) {
      read.lastError = (error as Error).message;
    }
    if (Date.now() + timing.intervalMs > deadline) return read;
    await delay(timing.intervalMs);
  }
}

function staticIpFailures({ nic, ip }: ExpectedStaticIp, read: GuestRead, timing: StaticIpTiming): CheckFailure[] {
  const subject = `static IP ${ip.address} of NIC ${nic.label} (MAC ${normalizeMac(nic.mac)})`;
  const iface = findGuestInterface(nic, read.interfaces);
  const address = iface?.ipv4.find((a) => a.address === ip.address);
  if (iface === undefined || address === undefined) {
    const actual =
      read.lastError !== ''
        ? `guest read failed: ${read.lastError}`
        : `not found within ${Math.round(timing.timeoutMs / 1000)} s; guest interfaces:\n${describeInterfaces(read.interfaces)}`;
    return [failure('static-ip', subject, `${ip.address}/${ip.prefixLength} on the interface with that MAC`, actual)];
  }
  const failures: CheckFailure[] = [];
  if (address.prefixLength !== toPrefixLength(ip.prefixLength))
    failures.push(failure('static-ip', `${subject}: prefix length`, ip.prefixLength, address.prefixLength));
  if (ip.gateway !== undefined && ip.gateway !== '' && iface.gateway !== ip.gateway)
    failures.push(failure('static-ip', `${subject}: gateway`, ip.gateway, iface.gateway));
  return failures;
}
