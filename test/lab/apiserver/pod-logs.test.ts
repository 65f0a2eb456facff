/**
 * pods/log as the kubelet serves it through the API server: text/plain, `container` required when
 * the pod has several (400 naming them), unknown container 400, missing pod 404, tailLines and
 * timestamps. The Forklift controller's pod has the controller's own lines. Checked with raw HTTP
 * and with kubectl logs (an independent client).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { useLab } from '../../support/lab';

const run = promisify(execFile);

describe('the lab serves pods/log', () => {
  const lab = useLab();
  let pod = '';
  const logPath = (name: string, query = ''): string => `/api/v1/namespaces/openshift-mtv/pods/${name}/log${query}`;

  beforeAll(async () => {
    const list = await lab().request('GET', '/api/v1/namespaces/openshift-mtv/pods?labelSelector=service%3Dforklift-controller');
    pod = list.json<{ items: Array<{ metadata: { name: string } }> }>().items[0]?.metadata.name ?? '';
  });

  it('answers the controller container log as text, with the controller lines', async () => {
    expect(pod).toMatch(/^forklift-controller-/);
    const r = await lab().request('GET', logPath(pod, '?container=main'));
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain/);
    expect(r.text).toMatch(/INFO started \(1 MTV minute = \d+ ms\)\n/);
  });

  it('tailLines keeps the newest lines; timestamps prefixes each with RFC 3339', async () => {
    const all = (await lab().request('GET', logPath(pod, '?container=main'))).text.split('\n').filter(Boolean);
    const tail = (await lab().request('GET', logPath(pod, '?container=main&tailLines=1'))).text;
    expect(tail).toBe(`${all[all.length - 1]}\n`);
    const stamped = (await lab().request('GET', logPath(pod, '?container=main&tailLines=1&timestamps=true'))).text;
    expect(stamped).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z /);
  });

  it('refuses what the kubelet refuses', async () => {
    const noContainer = await lab().request('GET', logPath(pod));
    expect({ status: noContainer.status, message: noContainer.json<{ message: string }>().message }).toEqual({
      status: 400,
      message: `a container name must be specified for pod ${pod}, choose one of: [main inventory]`,
    });
    const bad = await lab().request('GET', logPath(pod, '?container=nosuch'));
    expect({ status: bad.status, message: bad.json<{ message: string }>().message }).toEqual({
      status: 400,
      message: `container nosuch is not valid for pod ${pod}`,
    });
    expect((await lab().request('GET', logPath('nosuch-pod', '?container=main'))).status).toBe(404);
    expect((await lab().request('GET', logPath(pod, '?container=main&tailLines=-1'))).status).toBe(400);
  });

  it('kubectl logs reads it', async () => {
    const { stdout } = await run('kubectl', ['--kubeconfig', lab().kubeconfig, 'logs', '-n', 'openshift-mtv', pod, '-c', 'main']);
    expect(stdout).toMatch(/INFO started \(1 MTV minute/);
  });
});
