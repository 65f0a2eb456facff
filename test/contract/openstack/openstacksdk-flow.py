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
print(json.dumps({
    "status": server.status, "flavor": flavor.name, "ram": flavor.ram, "vcpus": flavor.vcpus,
    "cpu": {"sockets": int(meta["hw_cpu_sockets"]), "cores": int(meta["hw_cpu_cores"]), "threads": int(meta["hw_cpu_threads"])},
    "disks": [{"name": v.name, "size": v.size, "zone": v.availability_zone} for v in volumes],
    "nics": nics, "snapshots": sum(len(s) for s in snapshots), "power": [started, stopped],
}))
conn.close()
