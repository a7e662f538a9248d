import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PortAllocator } from '../../../../src/engine/ports/allocator';
import { canonicalWorkspace, namedPortKey } from '../../../../src/engine/ports/nameScope';
import { ReservationStore } from '../../../../src/engine/ports/reservations';
import { Fixtures } from './_allocatorFixtures';

describe('Port name scopes', () => {
  const fixtures = new Fixtures();
  const dirs: string[] = [];
  afterEach(async () => {
    await fixtures.cleanup();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Two real project folders, and a symlink to the first, as a terminal might reach it. */
  function projects(): { web: string; shop: string; link: string } {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'port-zero-projects-'));
    dirs.push(base);
    const web = path.join(base, 'web');
    const shop = path.join(base, 'shop');
    for (const dir of [web, shop]) fs.mkdirSync(dir);
    const link = path.join(base, 'web-link');
    fs.symlinkSync(web, link);
    return { web, shop, link };
  }

  describe('namedPortKey', () => {
    it('keeps a user-wide name as the name itself, where names were stored before scopes', () => {
      assert.equal(namedPortKey('web'), 'web');
    });

    it('gives the same name another key in another workspace, and the same key for one folder however it is spelt', () => {
      const { web, shop, link } = projects();
      assert.notEqual(namedPortKey('web', web), namedPortKey('web', shop));
      assert.notEqual(namedPortKey('web', web), namedPortKey('web'));
      assert.notEqual(namedPortKey('web', web), namedPortKey('api', web));
      for (const spelling of [`${web}${path.sep}`, link, path.join(web, '..', 'web')]) {
        assert.equal(namedPortKey('web', spelling), namedPortKey('web', web), spelling);
      }
    });

    it('cannot be equalled by any user-wide name', () => {
      const key = namedPortKey('web', projects().web);
      // eslint-disable-next-line no-control-regex
      assert.match(key, /[\x00-\x1f]/, 'a workspace key must hold a character no port name may hold');
    });

    it('keys a workspace that is not a local path (a virtual folder\'s URI) by its text', () => {
      assert.equal(canonicalWorkspace('vscode-vfs://github/owner/repo'), 'vscode-vfs://github/owner/repo');
      assert.notEqual(namedPortKey('web', 'vscode-vfs://github/owner/repo'), namedPortKey('web', 'vscode-vfs://github/owner/other'));
    });

    it('keys a folder that no longer exists by its path', () => {
      const gone = path.join(projects().web, 'removed');
      assert.equal(canonicalWorkspace(`${gone}${path.sep}`), gone);
    });
  });

  describe('named ports per workspace', () => {
    it('gives two workspaces asking for "web" two ports, one workspace one port, and user-wide callers one port of their own', async () => {
      const { web, shop, link } = projects();
      const root = fixtures.tempRoot();
      // Two allocators on one store: two windows (or a window and a terminal) of one user.
      const first = new PortAllocator(new ReservationStore(root));
      const second = new PortAllocator(new ReservationStore(root));
      const inWeb = await first.allocate({ name: 'web', workspace: web });
      assert.equal(await second.allocate({ name: 'web', workspace: link }), inWeb);
      const inShop = await second.allocate({ name: 'web', workspace: shop });
      const userWide = await first.allocate({ name: 'web' });
      assert.equal(await second.allocate({ name: 'web' }), userWide);
      assert.equal(new Set([inWeb, inShop, userWide]).size, 3, `ports: ${[inWeb, inShop, userWide]}`);
      for (const port of [inWeb, inShop, userWide]) await fixtures.listen('127.0.0.1', port);
    });

    it('stores the longest allowed name of a workspace under a valid file name', async () => {
      const allocator = new PortAllocator(new ReservationStore(fixtures.tempRoot()));
      const { web } = projects();
      const longest = 'é'.repeat(75);
      assert.equal(Buffer.byteLength(longest), 150);
      const port = await allocator.allocate({ name: longest, workspace: web });
      assert.equal(await allocator.allocate({ name: longest, workspace: web }), port);
      const [file] = fs.readdirSync(allocator.store.namesDir);
      assert.ok(file.length <= 255, `name file of ${file.length} bytes`);
    });
  });
});
