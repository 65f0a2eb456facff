/**
 * vSphere guest operations (GuestOperationsManager): the process manager (StartProgramInGuest,
 * ListProcessesInGuest) and the file manager (CreateTemporaryFileInGuest,
 * InitiateFileTransferFromGuest, DeleteFileInGuest), as vCenter relays them to VMware Tools in a
 * running guest. Programs run in the lab's source guests (../guest-shell.ts); a file is fetched
 * with an HTTPS GET of the one-time URL InitiateFileTransferFromGuest hands out, whose host is
 * `*` as on ESXi (the client puts the server's host there). The guest must be powered on with
 * tools running, and the guest login must be the guest's (InvalidGuestLogin otherwise).
 */
import { randomBytes } from 'node:crypto';
import type { DiskDataStore } from '../../disk-data';
import type { LabFaults } from '../../faults-catalog';
import type { PendingProgram } from '../guest-cloud-init';
import { runGuestProgram } from '../guest-shell';
import type { LabVSphereModel } from '../lab-model';
import type { SimVm } from '../model';
import { fault } from './faults';
import { required } from './request-args';
import { response, type CallResult } from './service-types';
import { data, long, mo, nestedXml, poly } from './values';
import { child, children, el, textOf, type XmlNode } from './xml';

export interface GuestLogins {
  linux: { user: string; password: string };
  windows: { user: string; password: string };
}

interface GuestProcess {
  pid: number;
  name: string;
  cmdLine: string;
  owner: string;
  startTime: string;
  /** Unset while the program runs. */
  endTime?: string;
  exitCode?: number;
  /** A program still running, when it started (ms) and where its output goes. */
  running?: { program: PendingProgram; started: number; outputPath?: string };
}

interface GuestState {
  files: Map<string, string>;
  processes: Map<number, GuestProcess>;
  nextPid: number;
}

interface Transfer {
  content: string;
  expires: number;
}

const TRANSFER_TTL_MS = 5 * 60_000;
export const GUEST_OPERATIONS_METHODS = [
  'CreateTemporaryFileInGuest',
  'StartProgramInGuest',
  'ListProcessesInGuest',
  'InitiateFileTransferFromGuest',
  'DeleteFileInGuest',
] as const;

export const PROCESS_MANAGER = mo('GuestProcessManager', 'guestOperationsProcessManager');
export const FILE_MANAGER = mo('GuestFileManager', 'guestOperationsFileManager');

export class GuestOperations {
  private readonly guests = new Map<string, GuestState>();
  private readonly transfers = new Map<string, Transfer>();
  private origin = 'https://*:443';

  constructor(
    private readonly model: LabVSphereModel,
    private readonly disks: DiskDataStore,
    private readonly logins: GuestLogins | undefined,
    private readonly faults?: LabFaults,
  ) {}

  /** The VM as its guest shows it now; fault cloud-init-never-finishes keeps cloud-init running. */
  private guestView(moref: string): SimVm | undefined {
    const vm = this.model.vm(moref);
    if (vm && this.faults?.isOn('cloud-init-never-finishes')) vm.cloudInitDone = false;
    return vm;
  }

  /** Ends a running program whose result is in: endTime, exitCode and its output file. */
  private settle(vm: SimVm, state: GuestState, p: GuestProcess): void {
    if (!p.running) return;
    const result = p.running.program.poll(this.guestView(vm.moref), Date.now() - p.running.started);
    if (!result) return;
    if (p.running.outputPath) state.files.set(p.running.outputPath, result.text);
    p.endTime = new Date().toISOString();
    p.exitCode = result.code;
    delete p.running;
  }

  /** Where file transfers are served (the simulator's own scheme and port; the host stays `*`). */
  setEndpoint(scheme: 'http' | 'https', port: number): void {
    this.origin = `${scheme}://*:${port}`;
  }

  /** GuestOperationsManager's properties. */
  managerProperties(): Record<string, ReturnType<typeof mo>> {
    return { processManager: PROCESS_MANAGER, fileManager: FILE_MANAGER };
  }

  call(m: XmlNode, version: string | undefined): CallResult {
    const vm = this.guestVm(m);
    const state = this.state(vm);
    switch (m.name) {
      case 'CreateTemporaryFileInGuest':
        return response(m.name, el('returnval', this.createTemp(vm, state, m)));
      case 'StartProgramInGuest':
        return response(m.name, el('returnval', this.start(vm, state, m)));
      case 'ListProcessesInGuest': {
        const pids = new Set(children(m, 'pids').map((p) => Number(p.text.trim())));
        const list = [...state.processes.values()].filter((p) => pids.size === 0 || pids.has(p.pid));
        for (const p of list) this.settle(vm, state, p);
        return response(m.name, list.map((p) => nestedXml('returnval', processInfo(p), version)).join(''));
      }
      case 'InitiateFileTransferFromGuest':
        return response(m.name, nestedXml('returnval', this.initiateTransfer(vm, state, required(m, 'guestFilePath').text), version));
      default: {
        const path = (textOf(m, 'filePath') ?? '').trim();
        if (!state.files.delete(path)) throw fault('FileNotFound', `File ${path} was not found`, { file: path });
        return response(m.name);
      }
    }
  }

  /** GET /guestFile?id=...: the file content once, or undefined (unknown or expired). */
  download(query: URLSearchParams): string | undefined {
    const id = query.get('id') ?? '';
    const t = this.transfers.get(id);
    this.transfers.delete(id);
    if (!t || t.expires < Date.now() || query.get('token') !== id.split('.')[1]) return undefined;
    return t.content;
  }

  /** The VM named by the call, running, tools up, the guest login accepted. */
  private guestVm(m: XmlNode): SimVm {
    const ref = required(m, 'vm').text.trim();
    const vm = this.model.vm(ref);
    if (!vm)
      throw fault('ManagedObjectNotFound', `The object 'vim.VirtualMachine:${ref}' has already been deleted`, {
        obj: mo('VirtualMachine', ref),
      });
    if (vm.powerState !== 'poweredOn')
      throw fault('InvalidPowerState', 'The attempted operation cannot be performed in the current state (Powered off).', {
        requestedState: 'poweredOn',
        existingState: vm.powerState,
      });
    if (!vm.toolsRunning) throw fault('GuestOperationsUnavailable', 'The guest operations agent could not be contacted.');
    const auth = child(m, 'auth');
    const login = vm.guestFamily === 'windowsGuest' ? this.logins?.windows : this.logins?.linux;
    if (!login || textOf(auth, 'username') !== login.user || textOf(auth, 'password') !== login.password)
      throw fault('InvalidGuestLogin', 'Failed to authenticate with the guest operating system using the supplied credentials.');
    return vm;
  }

  private state(vm: SimVm): GuestState {
    let s = this.guests.get(vm.moref);
    if (!s) {
      s = { files: new Map(), processes: new Map(), nextPid: 4100 };
      this.guests.set(vm.moref, s);
    }
    return s;
  }

  private createTemp(vm: SimVm, state: GuestState, m: XmlNode): string {
    const windows = vm.guestFamily === 'windowsGuest';
    const dir = (textOf(m, 'directoryPath') ?? '').trim() || (windows ? 'C:\\Windows\\Temp' : '/tmp');
    const name = `${textOf(m, 'prefix') ?? ''}${randomBytes(5).toString('hex')}${textOf(m, 'suffix') ?? ''}`;
    const path = `${dir.replace(/[\\/]$/, '')}${windows ? '\\' : '/'}${name}`;
    state.files.set(path, '');
    return path;
  }

  private start(vm: SimVm, state: GuestState, m: XmlNode): number {
    const spec = required(m, 'spec');
    const programPath = (textOf(spec, 'programPath') ?? '').trim();
    const args = textOf(spec, 'arguments') ?? '';
    const run = runGuestProgram(this.guestView(vm.moref) ?? vm, this.disks, programPath, args);
    if (run.output) state.files.set(run.output.path, run.output.content);
    const now = new Date().toISOString();
    const pid = state.nextPid++;
    const windows = vm.guestFamily === 'windowsGuest';
    state.processes.set(pid, {
      pid,
      name: programPath.split(/[\\/]/).pop() ?? programPath,
      cmdLine: `"${programPath}" ${args}`,
      owner: windows ? (this.logins?.windows.user ?? '') : (this.logins?.linux.user ?? ''),
      startTime: now,
      ...(run.pending
        ? {
            running: {
              program: run.pending.program,
              started: Date.now(),
              ...(run.pending.outputPath ? { outputPath: run.pending.outputPath } : {}),
            },
          }
        : { endTime: now, exitCode: run.exitCode }),
    });
    return pid;
  }

  private initiateTransfer(vm: SimVm, state: GuestState, path: string): ReturnType<typeof data> {
    const content = state.files.get(path.trim());
    if (content === undefined) throw fault('FileNotFound', `File ${path} was not found`, { file: path });
    const token = randomBytes(16).toString('hex');
    const id = `${vm.moref}-${randomBytes(4).toString('hex')}.${token}`;
    this.transfers.set(id, { content, expires: Date.now() + TRANSFER_TTL_MS });
    const now = new Date().toISOString();
    const attributes =
      vm.guestFamily === 'windowsGuest'
        ? poly('GuestWindowsFileAttributes', { modificationTime: now, accessTime: now, hidden: false, readOnly: false, createTime: now })
        : poly('GuestPosixFileAttributes', { modificationTime: now, accessTime: now, ownerId: 0, groupId: 0, permissions: long(0o600) });
    return data('FileTransferInformation', {
      attributes,
      size: long(Buffer.byteLength(content)),
      url: `${this.origin}/guestFile?id=${encodeURIComponent(id)}&token=${token}`,
    });
  }
}

function processInfo(p: GuestProcess): ReturnType<typeof data> {
  return data('GuestProcessInfo', {
    name: p.name,
    pid: long(p.pid),
    owner: p.owner,
    cmdLine: p.cmdLine,
    startTime: p.startTime,
    ...(p.endTime !== undefined ? { endTime: p.endTime, exitCode: p.exitCode ?? 0 } : {}),
  });
}
