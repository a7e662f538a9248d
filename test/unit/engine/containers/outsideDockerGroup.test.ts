import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { fakeEngine, FakeEngine } from './_fakeEngine';

const NOBODY = 65534;
const sourceModule = path.join(__dirname, '..', '..', '..', '..', 'src', 'engine', 'containers', 'containerSource.js');

/** As a user who may not open the socket (not in the `docker` group): a real EACCES from the kernel. */
describe('ContainerSource for a user outside the docker group', function () {
  let engine: FakeEngine | undefined;
  before(function () {
    if (process.getuid?.() !== 0) {
      console.log(`      skipped: running as uid ${process.getuid?.()}, and only root can run a process as another user here`);
      this.skip();
    }
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('shows no containers and reports one problem naming the socket and the docker group, without throwing', async () => {
    engine = await fakeEngine('docker-20.10');
    fs.chmodSync(engine.socketPath, 0o660);
    fs.chmodSync(path.dirname(engine.socketPath), 0o755);
    const script = `
      const { ContainerSource } = require(${JSON.stringify(sourceModule)});
      const problems = [];
      const source = new ContainerSource({ sockets: () => ({ paths: [${JSON.stringify(engine.socketPath)}] }), onProblem: (p) => problems.push(p), retryMs: 0 });
      (async () => {
        const lists = [await source.list(), await source.list()];
        source.dispose();
        console.log(JSON.stringify({ lists, problems }));
      })();`;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], { uid: NOBODY, gid: NOBODY });
    const { lists, problems } = JSON.parse(stdout) as { lists: unknown[]; problems: string[] };
    assert.deepEqual(lists, [null, null]);
    assert.deepEqual(problems, [`Containers are not shown: ${engine.socketPath}: no permission (is this user in the docker group?). Asking again in 0 s.`]);
    assert.deepEqual(engine.requests, []);
  });
});
