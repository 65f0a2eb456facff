"""Regenerates vim25-schema.json: for each vim25 type the lab vCenter serves (and their ancestors),
its base type, the API version that introduced it and each field's version, read from pyVmomi 8's
generated type tables (pyVmomi/_typeinfo_{core,query,vim}.py of github.com/vmware/pyvmomi).

Usage: python3 vim25-schema.gen.py <pyvmomi>/pyVmomi TYPE... (the lab's types: see vim25-schema.json)
Writes schema.json in the current directory; LocalizedMethodFault (defined by hand in pyVmomi) is
added to the committed file by hand.
"""
import json, re, sys
types = {}   # wsdl -> dict
vmodl2wsdl = {}
vers = {}
def AddVersion(name, ns, vid, *a):
    vers[name] = vid or '2.0'  # vmodl/query versions predate vim25: treat as the oldest
def CreateDataType(vname, wsdl, parent, version, props):
    vmodl2wsdl[vname] = wsdl
    types[wsdl] = dict(kind='data', parentV=parent, since=version, fields={p[0]: p[2] for p in (props or [])})
def CreateManagedType(vname, wsdl, parent, version, props, methods):
    vmodl2wsdl[vname] = wsdl
    types[wsdl] = dict(kind='managed', parentV=parent, since=version, fields={p[0]: p[2] for p in (props or [])})
def noop(*a, **k): pass
g = dict(CreateDataType=CreateDataType, CreateManagedType=CreateManagedType, CreateEnumType=noop, AddVersion=AddVersion,
         AddVersionParent=noop, AddBreakingChangesInfo=noop, F_LINK=0, F_LINKABLE=0, F_OPTIONAL=0, F_SECRET=0)
class Sets:
    def Add(self, *a): pass
import os
srcdir = sys.argv.pop(1)
for f in ['_typeinfo_core.py', '_typeinfo_query.py', '_typeinfo_vim.py']:
    src = open(os.path.join(srcdir, f)).read()
    src = re.sub(r'^from .*$', '', src, flags=re.M)
    g.update(newestVersions=Sets(), ltsVersions=Sets(), oldestVersions=Sets(), publicVersions=Sets(), dottedVersions=Sets())
    exec(src, g)
wanted = sys.argv[1:]
out = {}
def add(w):
    if w in out or w not in types: return
    t = types[w]
    base = vmodl2wsdl.get(t['parentV'])
    out[w] = dict(base=base, since=vers.get(t['since'], '2.0'), fields={k: vers.get(v, '2.0') for k, v in t['fields'].items()})
    if base: add(base)
missing = [w for w in wanted if w not in types]
for w in wanted: add(w)
print(json.dumps(out, indent=None), file=open('schema.json', 'w'))
print('missing', missing, file=sys.stderr)
print(sorted(set(vers.values())), file=sys.stderr)
