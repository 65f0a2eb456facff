/**
 * The self-test lab client (test/support/lab.ts): a request that fails below HTTP names the lab's
 * pid, URL, state folder and whether its process still runs, so a TLS or connection failure in any
 * lab test tells a lab that exited from one that answered wrongly.
 */
import { useLab } from '../../support/lab';

const lab = useLab({ components: false });

it('a request to a lab whose process has exited names the lab and its exit', async () => {
  expect((await lab().request('GET', '/version', { token: null })).status).toBe(200);
  await lab().stop();
  const error = await lab()
    .request('GET', '/version', { token: null })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(
    new RegExp(`ECONNREFUSED.*\\(lab pid ${lab().pid} at ${lab().url.replace(/\./g, '\\.')}, exited \\(code 0, signal null\\); state `),
  );
});
