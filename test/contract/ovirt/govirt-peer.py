"""libgovirt (GNOME's GObject oVirt REST client, Debian gir1.2-govirt-1.0) against an oVirt engine.

Environment: OVIRT_HOST (host:port), OVIRT_USER, OVIRT_PASSWORD, OVIRT_CA_FILE (absolute path), OVIRT_VM.
Logs in through the engine's SSO (libgovirt's sso-token property, as virt-viewer does), reads the
API root, lists VMs and data centers, searches the VM by name, starts it and refreshes it, and
checks that a bad token is refused. Prints one JSON object with what it saw.
"""
import json
import os
import ssl
import urllib.parse
import urllib.request

import gi

gi.require_version('GoVirt', '1.0')
from gi.repository import GLib, GoVirt  # noqa: E402


def sso_token(host, username, password, ca_file):
    form = urllib.parse.urlencode({'grant_type': 'password', 'scope': 'ovirt-app-api', 'username': username, 'password': password}).encode()
    req = urllib.request.Request(f'https://{host}/ovirt-engine/sso/oauth/token', data=form, headers={'Accept': 'application/json'})
    with urllib.request.urlopen(req, context=ssl.create_default_context(cafile=ca_file), timeout=20) as resp:
        return json.load(resp)['access_token']


def proxy_for(host, token, ca_file):
    proxy = GoVirt.Proxy.new(host)
    proxy.set_property('ssl-ca-file', ca_file)
    proxy.set_property('sso-token', token)
    return proxy


def describe(vm):
    return {'guid': vm.get_property('guid'), 'href': vm.get_property('href'), 'state': vm.get_property('state').value_nick}


def main():
    env = os.environ
    host, username, password, ca_file, vm_name = env['OVIRT_HOST'], env['OVIRT_USER'], env['OVIRT_PASSWORD'], env['OVIRT_CA_FILE'], env['OVIRT_VM']
    proxy = proxy_for(host, sso_token(host, username, password, ca_file), ca_file)
    api = proxy.fetch_api()
    vms = api.get_vms()
    vms.fetch(proxy)
    listed = {name: describe(vm) for name, vm in vms.get_resources().items()}
    dcs = api.get_data_centers()
    dcs.fetch(proxy)
    found = api.search_vms(f'name={vm_name}')
    found.fetch(proxy)
    matches = found.get_resources()
    vm = matches[vm_name]
    started = vm.start(proxy)
    vm.refresh(proxy)
    refused = None
    try:
        proxy_for(host, 'not-a-token', ca_file).fetch_api()
    except GLib.Error as e:
        refused = e.message
    print(json.dumps({
        'vms': listed, 'dataCenters': sorted(dcs.get_resources().keys()), 'searched': sorted(matches.keys()),
        'started': started, 'stateAfterStart': vm.get_property('state').value_nick, 'badTokenError': refused,
    }))


main()
