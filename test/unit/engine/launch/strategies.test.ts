import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { LAUNCH_STRATEGIES, LaunchPlan, planLaunch, StrategyOptions, UnsupportedStrategyError } from '../../../../src/engine/launch/strategies';

const base: StrategyOptions = { strategy: 'env', host: '127.0.0.1', portVariables: ['PORT'], fdName: 'http' };

function connect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = net.connect({ port, host: '127.0.0.1' }, () => {
      client.destroy();
      resolve();
    });
    client.on('error', reject);
  });
}

describe('planLaunch', () => {
  const plans: LaunchPlan[] = [];
  const blockers: net.Server[] = [];
  afterEach(async () => {
    await Promise.all(plans.splice(0).map((p) => p.release()));
    await Promise.all(blockers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  it('env: asks the allocator for the host and sets every port variable and HOST', async () => {
    const asked: string[] = [];
    const plan = await planLaunch({ ...base, portVariables: ['PORT', 'VITE_PORT'], allocatePort: async (host) => (asked.push(host), 41234) });
    assert.deepEqual(asked, ['127.0.0.1']);
    assert.deepEqual(plan.env, { HOST: '127.0.0.1', PORT: '41234', VITE_PORT: '41234' });
    assert.equal(plan.port, 41234);
    assert.equal(plan.inheritedFd, undefined);
  });

  it('env: uses a port the user fixed without allocating', async () => {
    const plan = await planLaunch({ ...base, port: 8123, allocatePort: () => Promise.reject(new Error('must not allocate')) });
    assert.equal(plan.env.PORT, '8123');
  });

  it('zero: tells the server PORT=0', async () => {
    const plan = await planLaunch({ ...base, strategy: 'zero', host: '::1' });
    assert.deepEqual(plan.env, { HOST: '::1', PORT: '0' });
    assert.equal(plan.port, 0);
  });

  it('socket: binds a listening socket to hand over and closes it on release', async () => {
    const plan = await planLaunch({ ...base, strategy: 'socket' });
    plans.push(plan);
    assert.ok(Number.isInteger(plan.inheritedFd) && (plan.inheritedFd as number) > 2, `fd ${plan.inheritedFd}`);
    assert.deepEqual(plan.env, { HOST: '127.0.0.1', PORT: String(plan.port), LISTEN_FDS: '1', LISTEN_FDNAMES: 'http' });
    await connect(plan.port);
    await plan.release();
    await assert.rejects(connect(plan.port), /ECONNREFUSED/);
  });

  it('socket: fails with the bind error when the asked port is taken', async () => {
    const blocker = net.createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen({ port: 0, host: '127.0.0.1' }, r));
    const port = (blocker.address() as net.AddressInfo).port;
    await assert.rejects(planLaunch({ ...base, strategy: 'socket', port }), /EADDRINUSE/);
  });

  it('socket: refuses Windows with a message naming the alternatives', async () => {
    await assert.rejects(planLaunch({ ...base, strategy: 'socket', platform: 'win32' }), (e: unknown) => e instanceof UnsupportedStrategyError && /env or zero/.test(e.message));
  });
});

describe('the strategies package.json offers (the task field and the setting)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', '..', 'package.json'), 'utf8'));
  const offered = {
    'the port-zero task\'s "strategy"': manifest.contributes.taskDefinitions.find((t: { type: string }) => t.type === 'port-zero').properties.strategy,
    'portZero.launch.strategy': manifest.contributes.configuration.properties['portZero.launch.strategy'],
  };

  for (const [where, schema] of Object.entries(offered)) {
    it(`lists exactly LAUNCH_STRATEGIES, each described, in ${where}`, () => {
      assert.deepEqual(schema.enum, [...LAUNCH_STRATEGIES]);
      assert.equal(schema.enumDescriptions.length, LAUNCH_STRATEGIES.length);
    });
  }
});
