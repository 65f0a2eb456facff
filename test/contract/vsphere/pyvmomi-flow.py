#!/usr/bin/python3
"""The Python suite's vSphere flow through pyVmomi (VMware's SDK), against one vCenter.

Run with Debian's python3 (python3-pyvmomi). The vCenter comes from the environment, so that the
password never shows in a process listing:
  VSPHERE_URL (https://host:port/sdk), VSPHERE_USER, VSPHERE_PASSWORD, VSPHERE_SOURCE_VM
Against an ESXi host set VSPHERE_API_TYPE=HostAgent (the expected about.apiType; default
VirtualCenter) and VSPHERE_READ_ONLY=1: the flow then stops after the read steps (a host cannot
clone; the Python suite clones ESXi sources through a vCenter) and disconnects.
Each step prints "ok <step>: <detail>"; the first failing step prints "FAILED <step>: <why>" on
stderr and exits 1.
"""
import os
import re
import ssl
import sys
import time
from urllib.parse import urlparse

from pyVim.connect import Disconnect, SmartConnect
from pyVim.task import WaitForTask
from pyVmomi import vim

MAC = re.compile(r'^[0-9a-f]{2}(:[0-9a-f]{2}){5}$')
DISK_FILE = re.compile(r'^\[[^\]]+\] \S.*\.vmdk$')


class StepFailed(Exception):
    pass


def check(condition, why):
    if not condition:
        raise StepFailed(why)


def step(name, fn):
    try:
        detail = fn()
    except StepFailed as e:
        fail(name, str(e))
    except Exception as e:  # pyVmomi faults and parse errors: name the step, show the fault
        fail(name, '%s: %s' % (type(e).__name__, getattr(e, 'msg', None) or e))
    print('ok %s: %s' % (name, detail), flush=True)
    return detail


def fail(name, why):
    print('FAILED %s: %s' % (name, why), file=sys.stderr, flush=True)
    sys.exit(1)


def connect():
    url = urlparse(os.environ['VSPHERE_URL'])
    # The Python suite connects with certificate validation off (disableSslCertValidation).
    ctx = ssl._create_unverified_context()
    return SmartConnect(protocol=url.scheme, host=url.hostname, port=url.port or 443, path=url.path or '/sdk',
                        user=os.environ['VSPHERE_USER'], pwd=os.environ['VSPHERE_PASSWORD'], sslContext=ctx)


def view_of(content, kind):
    view = content.viewManager.CreateContainerView(content.rootFolder, [kind], True)
    try:
        return list(view.view)
    finally:
        view.DestroyView()


def disks_and_nics(vm):
    devices = vm.config.hardware.device
    disks = [d for d in devices if isinstance(d, vim.vm.device.VirtualDisk)]
    nics = [d for d in devices if isinstance(d, vim.vm.device.VirtualEthernetCard)]
    check(disks, '%s has no VirtualDisk' % vm.name)
    for d in disks:
        check(DISK_FILE.match(d.backing.fileName or ''), 'disk %s backing fileName %r is not "[datastore] path.vmdk"' % (d.key, d.backing.fileName))
        thin = getattr(d.backing, 'thinProvisioned', None)
        check(thin is None or isinstance(thin, bool), 'disk %s thinProvisioned is %r' % (d.key, thin))
    check(nics, '%s has no VirtualEthernetCard' % vm.name)
    for n in nics:
        check(MAC.match(n.macAddress or ''), 'NIC %s MAC %r' % (n.key, n.macAddress))
        b = n.backing
        network = getattr(b, 'network', None) or getattr(getattr(b, 'port', None), 'portgroupKey', None)
        check(network, 'NIC %s has no network in its backing %s' % (n.key, type(b).__name__))
    return disks, nics


def read_guest(vm):
    check(vm.runtime.powerState in ('poweredOn', 'poweredOff', 'suspended'), 'runtime.powerState %r' % vm.runtime.powerState)
    tools = vm.guest.toolsRunningStatus
    check(tools in ('guestToolsRunning', 'guestToolsNotRunning', 'guestToolsExecutingScripts'), 'guest.toolsRunningStatus %r' % tools)
    ip = vm.guest.ipAddress
    check(ip is None or isinstance(ip, str), 'guest.ipAddress %r' % ip)
    return 'powerState %s, tools %s, ip %s' % (vm.runtime.powerState, tools, ip)


def run_task(task, what):
    """Waits on the task's info.state (pyVim's WaitForTask: property collector updates)."""
    WaitForTask(task)
    check(task.info.state == vim.TaskInfo.State.success, '%s ended %s' % (what, task.info.state))
    return task.info.result


def expect_fault(fault_type, fn):
    try:
        run_task(fn(), 'the task')
    except fault_type as e:
        return type(e).__name__
    raise StepFailed('expected %s, the task succeeded' % fault_type.__name__)


def main():
    source_name = os.environ['VSPHERE_SOURCE_VM']
    clone_name = 'pyvmomi-clone-%d' % int(time.time() * 1000)
    si = step('SmartConnect', connect)
    state = {}

    def retrieve_content():
        content = si.RetrieveContent()
        api_type = os.environ.get('VSPHERE_API_TYPE', 'VirtualCenter')
        check(content.about.apiType == api_type, 'about.apiType %r, expected %r' % (content.about.apiType, api_type))
        check(content.authorizationManager is not None, 'ServiceContent has no authorizationManager')
        state['content'] = content
        return '%s, API %s, negotiated %s' % (content.about.fullName, content.about.apiVersion, si._stub.versionId)
    step('RetrieveContent', retrieve_content)

    def container_view():
        vms = view_of(state['content'], vim.VirtualMachine)
        source = [v for v in vms if v.name == source_name]
        check(len(source) == 1, 'VM %s not found among %d VMs' % (source_name, len(vms)))
        state['vms'], state['source'] = vms, source[0]
        return '%d VMs' % len(vms)
    step('CreateContainerView VirtualMachine', container_view)

    def read_all():
        for vm in state['vms']:
            vm.config, vm.runtime, vm.guest, vm.summary, vm.snapshot  # every property parses
        for host in view_of(state['content'], vim.HostSystem):
            host.summary
        for ds in view_of(state['content'], vim.Datastore):
            ds.summary
        return 'config, runtime, guest, summary of %d VMs, hosts, datastores' % len(state['vms'])
    step('read inventory', read_all)

    def devices():
        disks, nics = disks_and_nics(state['source'])
        return '%d disks (%s thin=%s), %d NICs (%s)' % (len(disks), disks[0].backing.fileName, disks[0].backing.thinProvisioned, len(nics), nics[0].macAddress)
    step('config.hardware devices', devices)
    step('guest and runtime', lambda: read_guest(state['source']))
    if os.environ.get('VSPHERE_READ_ONLY') == '1':
        step('Disconnect', lambda: Disconnect(si) or 'logged out')
        return

    def clone():
        src = state['source']
        relocate = vim.vm.RelocateSpec(datastore=src.datastore[0], pool=src.resourcePool)
        config = vim.vm.ConfigSpec(extraConfig=[vim.option.OptionValue(key='ctkEnabled', value='true')])
        spec = vim.vm.CloneSpec(location=relocate, config=config, powerOn=False, template=False)
        vm = run_task(src.CloneVM_Task(folder=src.parent, name=clone_name, spec=spec), 'CloneVM_Task')
        check(isinstance(vm, vim.VirtualMachine), 'task result %r is not a VirtualMachine' % vm)
        check(vm.name == clone_name, 'clone is named %r' % vm.name)
        ctk = [o.value for o in vm.config.extraConfig if o.key == 'ctkEnabled']
        check(ctk == ['true'], 'clone extraConfig ctkEnabled %r' % ctk)
        check(vm.datastore[0] == src.datastore[0], 'clone datastore %s' % vm.datastore[0])
        check(vm.resourcePool == src.resourcePool, 'clone pool %s' % vm.resourcePool)
        disks_and_nics(vm)
        state['clone'] = vm
        return '%s (%s) on %s' % (vm.name, vm._moId, vm.datastore[0].name)
    step('CloneVM_Task', clone)

    def power_on():
        run_task(state['clone'].PowerOnVM_Task(), 'PowerOnVM_Task')
        check(state['clone'].runtime.powerState == 'poweredOn', 'powerState %r' % state['clone'].runtime.powerState)
        return 'poweredOn'
    step('PowerOnVM_Task', power_on)

    def running_guest():
        vm = state['clone']
        vm.guest, vm.summary  # a running guest reports NICs, IP stack and routes when its tools run
        nets = [(n.macAddress, list(n.ipAddress or [])) for n in (vm.guest.net or [])]
        return '%s, guest NICs %s' % (read_guest(vm), nets)
    step('guest of the running clone', running_guest)

    def snapshot():
        vm = state['clone']
        run_task(vm.CreateSnapshot_Task(name='pyvmomi-snap', description='contract', memory=False, quiesce=False), 'CreateSnapshot_Task')
        names = [s.name for s in vm.snapshot.rootSnapshotList]
        check(names == ['pyvmomi-snap'], 'snapshot tree %r' % names)
        return 'snapshot tree %s' % names
    step('CreateSnapshot_Task', snapshot)
    step('Destroy_Task while powered on', lambda: expect_fault(vim.fault.InvalidPowerState, state['clone'].Destroy_Task))

    def power_off():
        run_task(state['clone'].PowerOffVM_Task(), 'PowerOffVM_Task')
        check(state['clone'].runtime.powerState == 'poweredOff', 'powerState %r' % state['clone'].runtime.powerState)
        return 'poweredOff'
    step('PowerOffVM_Task', power_off)

    def destroy():
        run_task(state['clone'].Destroy_Task(), 'Destroy_Task')
        left = [v.name for v in view_of(state['content'], vim.VirtualMachine) if v.name == clone_name]
        check(left == [], '%s still in the inventory' % clone_name)
        return '%s gone' % clone_name
    step('Destroy_Task', destroy)
    step('Disconnect', lambda: Disconnect(si) or 'logged out')


if __name__ == '__main__':
    main()
