import * as assert from 'node:assert/strict';
import { engineSockets } from '../../../../src/engine/containers/engineSockets';

describe('engineSockets', () => {
  it('uses DOCKER_HOST alone when it names a unix socket', () => {
    assert.deepEqual(engineSockets({ env: { DOCKER_HOST: 'unix:///tmp/ci/docker.sock', XDG_RUNTIME_DIR: '/run/user/1000' }, platform: 'linux' }), { paths: ['/tmp/ci/docker.sock'] });
  });

  it('leaves a tcp:// DOCKER_HOST out, saying why', () => {
    const { paths, skipped } = engineSockets({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' }, platform: 'linux' });
    assert.deepEqual(paths, []);
    assert.match(skipped ?? '', /tcp:\/\/10\.0\.0\.5:2375, not a local socket/);
  });

  it('tries the rootful socket, then rootless Docker and Podman under XDG_RUNTIME_DIR on Linux', () => {
    assert.deepEqual(engineSockets({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, platform: 'linux' }).paths, [
      '/var/run/docker.sock', '/run/user/1000/docker.sock', '/run/user/1000/podman/podman.sock', '/run/podman/podman.sock',
    ]);
  });

  it('finds Docker Desktop\'s per-user socket on macOS', () => {
    assert.deepEqual(engineSockets({ env: {}, platform: 'darwin', home: '/Users/dev' }).paths, ['/var/run/docker.sock', '/Users/dev/.docker/run/docker.sock']);
  });

  it('opens Docker Desktop\'s named pipe on Windows, as Node\'s http takes it', () => {
    assert.deepEqual(engineSockets({ env: {}, platform: 'win32' }).paths, ['\\\\.\\pipe\\docker_engine', '\\\\.\\pipe\\podman-machine-default']);
    assert.deepEqual(engineSockets({ env: { DOCKER_HOST: 'npipe:////./pipe/dockerDesktopLinuxEngine' }, platform: 'win32' }).paths, ['\\\\.\\pipe\\dockerDesktopLinuxEngine']);
  });
});
