#!/usr/bin/python3
"""Checks lab/vsphere/soap/vim25-schema.json against the installed pyVmomi (an independent copy of
VMware's type tables): every type and field the schema dates at or before the newest version this
pyVmomi knows must exist in pyVmomi with the same version, and everything dated later must not.
Prints one line per disagreement and exits 1 if there is any.
"""
import json
import sys

from pyVmomi import VmomiSupport as vs

schema = json.load(open(sys.argv[1]))
known = [vs.versionIdMap[v] for v in vs.GetServiceVersions('vim25') if vs.versionIdMap.get(v) not in (None, '', 'legacy')]
order = json.loads(sys.argv[2])  # the lab's ordered release list
newest = max(known, key=order.index)
rank = lambda v: order.index(v) if v in order else -1  # vmodl-level versions predate every release


def version_of(name):
    v = vs.versionIdMap.get(name)
    return v if v else '2.0'


problems = []
checked = 0
for type_name, info in schema.items():
    if type_name.startswith('_'):
        continue
    try:
        t = vs.GetWsdlType('urn:vim25', type_name)
    except Exception:
        t = None
    if rank(info['since']) > rank(newest):
        if t is not None:
            problems.append('%s: schema says since %s, pyVmomi %s has it' % (type_name, info['since'], newest))
        continue
    if t is None:
        problems.append('%s: missing in pyVmomi' % type_name)
        continue
    props = {p.name: p for p in t._GetPropertyList()} if hasattr(t, '_GetPropertyList') else {}
    for field, since in info['fields'].items():
        checked += 1
        p = props.get(field)
        if rank(since) > rank(newest):
            if p is not None:
                problems.append('%s.%s: schema says since %s, pyVmomi %s has it' % (type_name, field, since, newest))
        elif p is None:
            problems.append('%s.%s: missing in pyVmomi' % (type_name, field))
        elif rank(version_of(p.version)) != rank(since) and not (rank(since) <= rank('2.5u2server') and rank(version_of(p.version)) <= rank('2.5u2server')):
            problems.append('%s.%s: schema says since %s, pyVmomi says %s' % (type_name, field, since, version_of(p.version)))
for p in problems:
    print(p)
print('%d fields checked against pyVmomi (newest version %s), %d disagreements' % (checked, newest, len(problems)), file=sys.stderr)
sys.exit(1 if problems else 0)
