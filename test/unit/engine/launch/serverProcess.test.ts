import * as assert from 'node:assert/strict';
import { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as os from 'node:os';
import { LaunchError } from '../../../../src/engine/launch/launchError';
import type { LaunchOptions } from '../../../../src/engine/launch/launchOptions';
import { spawnServer } from '../../../../src/engine/launch/serverProcess';
import { LaunchPlan, planLaunch } from '../../../../src/engine/launch/strategies';

describe('spawnServer in the shell a task names', () => {
  const children: ChildProcess[] = [];
  const plans: LaunchPlan[] = [];

  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    for (const plan of plans.splice(0)) await plan.release();
  });

  async function socketPlan(): Promise<LaunchPlan> {
    const plan = await planLaunch({ strategy: 'socket', host: '127.0.0.1', portVariables: ['PORT'], fdName: 'http' });
    plans.push(plan);
    return plan;
  }

  async function output(child: ChildProcess | LaunchError): Promise<string> {
    assert.ok(child instanceof ChildProcess, String(child));
    children.push(child);
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    await once(child, 'close');
    return text;
  }

  const options = (shell?: LaunchOptions['shell']): LaunchOptions => ({ command: 'unused', cwd: os.tmpdir(), shell });
  const reportPid = `${JSON.stringify(process.execPath)} -e "process.stdout.write(String(process.pid === Number(process.env.LISTEN_PID)) + ' ' + process.argv[1] + '\\n')"`;

  it('hands the socket over through bash too: LISTEN_PID is the server\'s pid', async () => {
    // $'…' is bash's own quoting: dash would pass it on as it stands.
    const text = await output(spawnServer(options({ executable: 'bash', args: [] }), await socketPlan(), `${reportPid} $'a\\x41'`, 'm1'));
    assert.equal(text, 'true aA\n');
  });

  it('refuses the socket strategy in a shell that cannot run its POSIX wrapper, saying what to use instead', async () => {
    for (const executable of ['pwsh', 'cmd.exe', 'fish']) {
      const result = spawnServer(options({ executable }), await socketPlan(), reportPid, 'm2');
      assert.ok(result instanceof LaunchError && result.kind === 'unsupported', `${executable}: ${result}`);
      assert.match(result.message, /env or zero strategy/);
    }
  });

  it('runs an env launch in the shell given', async () => {
    const plan: LaunchPlan = { strategy: 'env', port: 1234, env: { PORT: '1234' }, release: () => Promise.resolve() };
    assert.equal(await output(spawnServer(options({ executable: 'bash', args: [] }), plan, 'echo "${BASH_VERSION:+bash} $PORT"', 'm3')), 'bash 1234\n');
  });
});
