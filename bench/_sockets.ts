/**
 * Benchmark helper (not a benchmark): runs bench/_socketHelper.ts in its own
 * process, holding `n` loopback TCP sockets (half listening) until stopped.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface Helper {
  child: ChildProcess;
  sockets: number;
}

export function startHelper(n: number): Promise<Helper> {
  const script = path.join(__dirname, '_socketHelper.js');
  // 10,000 sockets need more descriptors than the usual soft limit of 1024;
  // where 65536 is above the hard limit, take the hard limit.
  const raise = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"';
  const child = spawn('bash', ['-c', `${raise}; exec "${process.execPath}" "${script}" ${n}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`helper not ready after 120 s (n=${n})`)), 120_000);
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /ready (\d+)\n/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve({ child, sockets: Number(m[1]) });
      }
    });
    child.once('exit', (code) => reject(new Error(`helper exited with ${code} (n=${n})`)));
  });
}

export function stopHelper(helper: Helper): Promise<void> {
  return new Promise((resolve) => {
    helper.child.once('exit', () => resolve());
    helper.child.stdin!.end();
  });
}
