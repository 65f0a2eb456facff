"""The Python suite's OpenStack provider calls (libs/providers/openstack.py) with Debian's
openstacksdk against an OpenStack: Connection with the providers-file fields, servers(details=True),
get_server, volume_attachments + get_volume (volume_image_metadata hw_cpu_*), ports(device_id) +
get_network, flavors (flavor.original_name), snapshots(volume_id), stop/start with wait_for_server.
Prints one JSON document with what it read; credentials come from the environment."""
import json
import os
import sys

import openstack

env = os.environ
conn = openstack.connection.Connection(
    auth_url=env["OS_AUTH_URL"], project_name=env["OS_PROJECT_NAME"], username=env["OS_USERNAME"], password=env["OS_PASSWORD"],
    user_domain_name=env["OS_USER_DOMAIN_NAME"], region_name=env["OS_REGION_NAME"], user_domain_id=env["OS_USER_DOMAIN_ID"],
    project_domain_id=env["OS_PROJECT_DOMAIN_ID"], cacert=env["OS_CACERT"],
)
name = sys.argv[1]
server_id = next(s.id for s in conn.compute.servers(details=True) if s.name == name)
server = conn.compute.get_server(server_id)
volumes = [conn.block_storage.get_volume(a["volumeId"]) for a in conn.compute.volume_attachments(server=server)]
meta = volumes[0].volume_image_metadata
nics = [{"mac": p.mac_address, "network": conn.network.get_network(p.network_id).name, "ips": [f["ip_address"] for f in p.fixed_ips]} for p in conn.network.ports(device_id=server_id)]
flavor = next(f for f in conn.compute.flavors() if f.name == server.flavor.original_name)
snapshots = [list(conn.block_storage.snapshots(volume_id=v.id)) for v in volumes]
conn.compute.start_server(server)
started = conn.compute.wait_for_server(server, status="ACTIVE", wait=30).status
conn.compute.stop_server(server)
stopped = conn.compute.wait_for_server(server, status="SHUTOFF", wait=30).status
# The suite's clone_vm: snapshot image (flavor by id: at compute 2.47+ openstacksdk 0.101 fills
# server.flavor["id"] with the flavor's name, which Nova does not take as flavorRef) of the server, a server booted from it on the source's network, stopped, image removed.
network_id = nics and conn.network.find_network(nics[0]["network"]).id
image = conn.compute.create_server_image(server=server.id, name=f"{name}-clone-snapshot", wait=True)
clone = conn.compute.create_server(name=f"{name}-clone", image_id=image.id, flavor_id=flavor.id, networks=[{"uuid": network_id}])
clone = conn.compute.wait_for_server(clone, wait=30)
conn.compute.stop_server(clone)
clone = conn.compute.wait_for_server(clone, status="SHUTOFF", wait=30)
conn.image.delete_image(image.id, ignore_missing=True)
clone_meta = [conn.block_storage.get_volume(a["volumeId"]).volume_image_metadata for a in conn.compute.volume_attachments(server=clone)]
clone_result = {"status": clone.status, "volumes": len(clone_meta), "cores": clone_meta[0].get("hw_cpu_cores") if clone_meta else None}
conn.compute.delete_server(clone)
conn.compute.wait_for_delete(clone, wait=30)  # the suite passes wait=True, which openstacksdk 0.101 does not take
print(json.dumps({
    "clone": clone_result,
    "status": server.status, "flavor": flavor.name, "ram": flavor.ram, "vcpus": flavor.vcpus,
    "cpu": {"sockets": int(meta["hw_cpu_sockets"]), "cores": int(meta["hw_cpu_cores"]), "threads": int(meta["hw_cpu_threads"])},
    "disks": [{"name": v.name, "size": v.size, "zone": v.availability_zone} for v in volumes],
    "nics": nics, "snapshots": sum(len(s) for s in snapshots), "power": [started, stopped],
}))
conn.close()
