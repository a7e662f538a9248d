// A procfs look-alike in a temporary folder: the captured /proc/net tables
// (test/fixtures/proc) and two processes holding some of their sockets. For
// tests that compare sources reading the same, unchanging text.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../../../../../test/fixtures/proc');

/** pid → the socket inodes it holds (from tcp.captured, tcp6.captured, udp.captured). */
const HOLDERS: Readonly<Record<number, readonly number[]>> = {
  100: [17859, 17865, 17860, 17864, 17875, 17874],
  200: [17872, 17867, 17863, 17877, 17859],
};

export function fakeProcfs(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-procfs-'));
  fs.mkdirSync(path.join(root, 'net'));
  for (const table of ['tcp', 'tcp6', 'udp', 'udp6']) {
    fs.copyFileSync(path.join(FIXTURES, `${table}.captured`), path.join(root, 'net', table));
  }
  for (const [pid, inodes] of Object.entries(HOLDERS)) {
    const dir = path.join(root, pid);
    fs.mkdirSync(path.join(dir, 'fd'), { recursive: true });
    // Fields 3 to 22 of proc_pid_stat(5); the start time (field 22) is the pid times ten.
    const rest = ['S', '1', pid, pid, '0', '-1', ...Array(13).fill('0'), String(Number(pid) * 10)];
    fs.writeFileSync(path.join(dir, 'stat'), `${pid} (node) ${rest.join(' ')} 0 0\n`);
    fs.writeFileSync(path.join(dir, 'cmdline'), `node\0server-${pid}.js\0`);
    fs.symlinkSync(`/srv/app${pid}`, path.join(dir, 'cwd'));
    inodes.forEach((inode, i) => fs.symlinkSync(`socket:[${inode}]`, path.join(dir, 'fd', String(3 + i))));
    fs.symlinkSync('/dev/null', path.join(dir, 'fd', '0'));
  }
  return root;
}
