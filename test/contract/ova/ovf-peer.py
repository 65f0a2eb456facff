"""An independent reader of an OVA file: Python's tarfile lists the archive, xml.etree parses
the OVF descriptor with the DMTF namespaces (OVF 1.x or 2.x envelope, rasd / sasd / epasd
allocation settings, vmw extensions), hashlib checks the manifest, and the VMDK headers are read
as the VMware Virtual Disk Format 1.1 says. Prints the facts as JSON on stdout.
"""
import hashlib
import json
import struct
import sys
import tarfile
import xml.etree.ElementTree as ET

CIM = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/"
ENVELOPES = {"http://schemas.dmtf.org/ovf/envelope/1": "1", "http://schemas.dmtf.org/ovf/envelope/2": "2"}
RASD = CIM + "CIM_ResourceAllocationSettingData"
SASD = CIM + "CIM_StorageAllocationSettingData"
EPASD = CIM + "CIM_EthernetPortAllocationSettingData"
VMW = "http://www.vmware.com/schema/ovf"


def field(item, name):
    for ns in (RASD, SASD, EPASD):
        el = item.find("{%s}%s" % (ns, name))
        if el is not None:
            return el.text or ""
    return None


def main(path):
    with tarfile.open(path) as tf:
        members = tf.getmembers()
        names = [m.name for m in members]
        files = {m.name: tf.extractfile(m).read() for m in members}
    ovf_name = names[0]
    root = ET.fromstring(files[ovf_name])
    ns = root.tag[1:].split("}")[0]
    o = "{%s}" % ns
    vs = root.find(o + "VirtualSystem")
    hw = vs.find(o + "VirtualHardwareSection")
    items = [el for el in hw if el.tag in (o + "Item", o + "StorageItem", o + "EthernetPortItem")]
    by_type = lambda t: [i for i in items if field(i, "ResourceType") == t]
    cpu = by_type("3")[0]
    mem = by_type("4")[0]
    configs = {c.get("{%s}key" % VMW): c.get("{%s}value" % VMW) for c in hw.findall("{%s}Config" % VMW)}
    refs = {f.get(o + "id"): f.get(o + "href") for f in root.find(o + "References")}
    disks = []
    for d in root.find(o + "DiskSection").findall(o + "Disk"):
        href = refs[d.get(o + "fileRef")]
        raw = files[href]
        magic, version, _flags, capacity, grain, doff, dsize = struct.unpack_from("<4sIIQQQQ", raw, 0)
        descriptor = raw[doff * 512:(doff + dsize) * 512].rstrip(b"\0").decode()
        disks.append({
            "href": href,
            "capacity": d.get(o + "capacity"),
            "units": d.get(o + "capacityAllocationUnits"),
            "magic": magic.decode(),
            "vmdkVersion": version,
            "capacitySectors": capacity,
            "grainSectors": grain,
            "createType": [l for l in descriptor.splitlines() if l.startswith("createType")][0],
        })
    manifest_ok = True
    mf = [n for n in names if n.endswith(".mf")]
    for line in files[mf[0]].decode().splitlines() if mf else []:
        name, digest = line[len("SHA256("):].split(")= ")
        manifest_ok = manifest_ok and hashlib.sha256(files[name]).hexdigest() == digest
    print(json.dumps({
        "entries": names,
        "ovfVersion": ENVELOPES.get(ns),
        "systemId": vs.get(o + "id"),
        "name": vs.findtext(o + "Name"),
        "osType": vs.find(o + "OperatingSystemSection").get("{%s}osType" % VMW),
        "cpu": int(field(cpu, "VirtualQuantity")),
        "coresPerSocket": int(cpu.findtext("{%s}CoresPerSocket" % VMW)),
        "memoryMB": int(field(mem, "VirtualQuantity")),
        "memoryUnits": field(mem, "AllocationUnits"),
        "diskItems": [field(i, "HostResource") for i in by_type("17")],
        "diskItemTags": sorted({i.tag.split("}")[1] for i in by_type("17")}),
        "nics": [{"mac": field(i, "Address"), "network": field(i, "Connection"), "model": field(i, "ResourceSubType")} for i in by_type("10")],
        "networks": [n.get(o + "name") for n in root.find(o + "NetworkSection").findall(o + "Network")],
        "firmware": configs.get("firmware"),
        "secureBoot": configs.get("uefi.secureBoot.enabled"),
        "disks": disks,
        "manifestOk": bool(mf) and manifest_ok,
    }))


if __name__ == "__main__":
    main(sys.argv[1])
